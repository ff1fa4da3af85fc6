// What a reader of the report sees: its title and language, its tables and
// its charts, each with its size, whether it is shown, and its name.
// Evaluated in the page by browsercheck; an expression whose value is a
// promise of the object that page.go decodes.
(async () => {
  await document.fonts.ready;

  // shown: a box with an area that neither the element nor an ancestor
  // hides (display, visibility, content-visibility, opacity).
  const box = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    const hidden = s.display === 'none' || s.visibility === 'hidden' || s.visibility === 'collapse' ||
      !el.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true });
    return { width: r.width, height: r.height, shown: !hidden && r.width > 0 && r.height > 0 };
  };
  const text = (el) => (el ? el.textContent.replace(/\s+/g, ' ').trim() : '');

  // The text alternative of a chart: aria-label, the elements aria-labelledby
  // names, or a <title> child, as a screen reader finds it.
  const altText = (svg) => {
    const label = (svg.getAttribute('aria-label') || '').trim();
    if (label) return label;
    const ids = (svg.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
    const named = ids.map((id) => text(document.getElementById(id))).join(' ').trim();
    if (named) return named;
    return text(svg.querySelector(':scope > title'));
  };

  const tables = [...document.querySelectorAll('table')].map((t) => ({ ...box(t), caption: text(t.caption) }));

  // Charts: the outermost svg of each figure, and every svg with role=img.
  // An svg inside another is part of a chart, not a chart.
  const charts = [...new Set(document.querySelectorAll('figure svg:not(svg svg), svg[role=img]'))].map((svg) => ({
    ...box(svg),
    alt: altText(svg),
    caption: text(svg.closest('figure')?.querySelector('figcaption')),
  }));

  return {
    title: text(document.querySelector('head > title')),
    lang: (document.documentElement.getAttribute('lang') || '').trim(),
    tables,
    charts,
  };
})()
