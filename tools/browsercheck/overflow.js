// Whether the page is wider than the viewport: a reader would have to
// scroll the whole page sideways. Elements inside a box that scrolls or
// clips sideways (a table's wrapper with overflow-x: auto) are meant to be
// wider, and are not counted. Evaluated in the page by browsercheck.
(() => {
  const root = document.documentElement;
  const width = window.innerWidth;
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body && p !== root; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  const name = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    for (const c of el.classList) s += '.' + c;
    return s;
  };
  const wide = [...document.body.querySelectorAll('*')].filter(
    (el) => el.getBoundingClientRect().right > width + 1 && !clipped(el));
  // The outermost of them: their children overflow because they do.
  const outermost = wide.filter((el) => !wide.includes(el.parentElement));
  return {
    scrollWidth: root.scrollWidth,
    innerWidth: width,
    wide: outermost.slice(0, 5).map((el) => `${name(el)} reaches ${Math.round(el.getBoundingClientRect().right)} px`),
  };
})()
