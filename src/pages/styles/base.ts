/** Stylesheet, part 1: design tokens, page frame, header, footer, banner, sections and cards. */
export const BASE_CSS = `
:root {
  --bg: #f5f6f8; --surface: #ffffff; --surface-2: #f9fafb; --text: #111827; --muted: #4b5563;
  --faint: #5f6672; --border: #e5e7eb; --border-strong: #d1d5db;
  --link: var(--brand-text, #1d4ed8);
  --op: #1f9d55; --deg: #e0a800; --part: #f0832a; --major: #e0483d; --maint: #3b82f6; --nodata: #e5e7eb;
  --op-text: #15803d; --deg-text: #975a06; --part-text: #b93d0b; --major-text: #b91c1c; --maint-text: #1d4ed8;
  --op-tint: #dcfce7; --deg-tint: #fef3c7; --part-tint: #ffedd5; --major-tint: #fee2e2; --maint-tint: #dbeafe;
  --none-tint: #f3f4f6;
  --radius: 12px; --shadow: 0 1px 2px rgba(16, 24, 40, .05), 0 1px 3px rgba(16, 24, 40, .04);
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --surface: #151b23; --surface-2: #1a212b; --text: #e6e9ef; --muted: #b0b8c4;
    --faint: #939ba7; --border: #262e3a; --border-strong: #35404e;
    --link: color-mix(in srgb, var(--brand, #3b82f6) 45%, #ffffff);
    --nodata: #2a323d;
    --op-text: #4ade80; --deg-text: #facc15; --part-text: #fb923c; --major-text: #f87171; --maint-text: #7ab2ff;
    --op-tint: rgba(74, 222, 128, .14); --deg-tint: rgba(250, 204, 21, .14); --part-tint: rgba(251, 146, 60, .15);
    --major-tint: rgba(248, 113, 113, .15); --maint-tint: rgba(96, 165, 250, .16); --none-tint: rgba(255, 255, 255, .07);
    --shadow: none;
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif;
  -webkit-font-smoothing: antialiased; display: flex; flex-direction: column; min-height: 100vh;
}
a { color: var(--link); text-underline-offset: .15em; }
a:hover { text-decoration-thickness: 2px; }
h1, h2, h3, h4 { line-height: 1.3; margin: 0; }
p { margin: 0; }
:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; border-radius: 4px; }
.sr-only {
  position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0;
}
.skip {
  position: absolute; left: 12px; top: -60px; z-index: 10; padding: 10px 16px; border-radius: 8px;
  background: var(--surface); color: var(--text); box-shadow: 0 4px 16px rgba(0, 0, 0, .2);
}
.skip:focus { top: 12px; }
.wrap { width: 100%; max-width: 880px; margin: 0 auto; padding-left: 20px; padding-right: 20px; }
main { flex: 1; padding-top: 32px; padding-bottom: 24px; }
main:focus { outline: none; }

.site-header { background: var(--surface); border-top: 4px solid var(--brand, #1f6feb); border-bottom: 1px solid var(--border); }
.header-row { display: flex; align-items: center; justify-content: space-between; gap: 16px; min-height: 68px; }
.brand { display: inline-flex; align-items: center; gap: 10px; color: var(--text); text-decoration: none; font-weight: 700; font-size: 1.2rem; letter-spacing: -.01em; min-width: 0; }
.brand-name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.brand-mark {
  width: 32px; height: 32px; border-radius: 9px; flex: none; display: grid; place-items: center;
  background: var(--brand, #1f6feb); color: var(--on-brand, #fff); font-size: 1rem; font-weight: 800;
  box-shadow: inset 0 0 0 1px rgba(0, 0, 0, .08), 0 1px 2px rgba(16, 24, 40, .12);
}
.brand-mark[data-initial]::before { content: attr(data-initial); }
.logo { display: block; height: 36px; width: auto; max-width: 220px; object-fit: contain; }
nav { display: flex; align-items: center; gap: 6px; flex: none; }
.nav-link { color: var(--muted); text-decoration: none; font-weight: 500; padding: 8px 10px; border-radius: 8px; }
.nav-link:hover { color: var(--text); background: var(--surface-2); }
.button {
  display: inline-flex; align-items: center; padding: 8px 16px; border-radius: 8px; font-weight: 600; font-size: .95rem;
  background: var(--brand, #1f6feb); color: var(--on-brand, #fff); text-decoration: none; box-shadow: var(--shadow);
}
.button:hover { filter: brightness(1.08); }

.site-footer { margin-top: 48px; background: var(--surface); border-top: 1px solid var(--border); padding: 32px 0 40px; color: var(--muted); font-size: .92rem; }
.footer-grid { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 24px; }
.site-footer h2 { font-size: .95rem; color: var(--text); margin-bottom: 8px; }
.feeds { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 6px 18px; }
.footer-meta { display: grid; gap: 6px; align-content: start; text-align: right; }
.powered { color: var(--faint); }
.languages ul { list-style: none; margin: 0; padding: 0; display: flex; justify-content: flex-end; gap: 4px 14px; flex-wrap: wrap; }
.languages a[aria-current="true"] { color: var(--text); font-weight: 600; text-decoration: none; }

.banner {
  display: flex; align-items: center; gap: 16px; padding: 22px 24px; border-radius: var(--radius);
  color: #fff; background: var(--op-banner, #15803d); box-shadow: 0 6px 20px -8px rgba(16, 24, 40, .35);
}
.banner .icon-lg { width: 34px; height: 34px; flex: none; color: rgba(255, 255, 255, .95); }
.banner .icon-lg path[stroke="#fff"], .banner .icon-lg circle[fill="#fff"] { stroke: currentColor; }
.banner-title { font-size: 1.45rem; font-weight: 700; letter-spacing: -.01em; }
.banner-sub { opacity: .92; margin-top: 2px; }
.b-none { background: #15803d; }
.b-minor { background: #b45309; }
.b-major { background: #c2410c; }
.b-critical { background: #b91c1c; }
.b-maintenance { background: #1d4ed8; }
.banner .icon-lg { filter: drop-shadow(0 1px 1px rgba(0, 0, 0, .15)); }
.banner .icon-lg circle[fill="currentColor"], .banner .icon-lg path[fill="currentColor"] { fill: rgba(255, 255, 255, .22); stroke: rgba(255, 255, 255, .9); }

.section { margin-top: 40px; }
.section-head { display: flex; align-items: baseline; justify-content: space-between; gap: 12px; flex-wrap: wrap; margin-bottom: 12px; }
.section-head h2 { font-size: 1.15rem; font-weight: 650; letter-spacing: -.005em; }
.section-note { color: var(--faint); font-size: .9rem; }
.page-head h1 { font-size: 1.75rem; letter-spacing: -.015em; }
.page-head .section-note { margin-top: 4px; }
.card { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); box-shadow: var(--shadow); }
.back { margin-bottom: 16px; font-size: .95rem; }
.back a { text-decoration: none; font-weight: 500; }
.back a:hover { text-decoration: underline; }
.more { margin-top: 14px; font-weight: 500; }
.quiet { color: var(--faint); }
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after { transition: none !important; animation: none !important; scroll-behavior: auto !important; }
}
@media (max-width: 600px) {
  .wrap { padding-left: 16px; padding-right: 16px; }
  main { padding-top: 20px; }
  .header-row { min-height: 60px; }
  .brand { font-size: 1.05rem; }
  .nav-link { padding: 8px 6px; }
  .button { padding: 7px 12px; font-size: .9rem; }
  .banner { padding: 18px; gap: 12px; }
  .banner .icon-lg { width: 28px; height: 28px; }
  .banner-title { font-size: 1.2rem; }
  .banner-sub { font-size: .92rem; }
  .footer-meta { text-align: left; }
}
`;
