/** The demo inbox's own styles, on top of the status page's stylesheet. */
export const DEMO_INBOX_CSS = `
.inbox-wrap { max-width: 1120px; }
.demo-tag { font-size: .78rem; font-weight: 600; color: var(--muted); background: var(--none-tint); border-radius: 999px; padding: 2px 10px; margin-left: 4px; }
.inbox-head { display: flex; align-items: flex-end; justify-content: space-between; gap: 16px; flex-wrap: wrap; }
.inbox-head h1 { font-size: 1.6rem; letter-spacing: -.015em; }
.inbox-head p { color: var(--muted); margin-top: 4px; max-width: 60ch; }
.inbox-tools { display: flex; align-items: center; gap: 12px; }
.live { color: var(--faint); font-size: .88rem; }
.live::before { content: ""; display: inline-block; width: 8px; height: 8px; border-radius: 50%; background: var(--op); margin-right: 6px; vertical-align: 1px; }
.tabs { display: flex; gap: 4px; margin: 24px 0 16px; border-bottom: 1px solid var(--border); }
.tab { padding: 10px 14px; color: var(--muted); text-decoration: none; font-weight: 600; border-bottom: 3px solid transparent; margin-bottom: -1px; }
.tab:hover { color: var(--text); }
.tab[aria-current="page"] { color: var(--text); border-bottom-color: var(--brand, #1f6feb); }
.count { display: inline-block; min-width: 1.6em; text-align: center; font-size: .78rem; padding: 1px 7px; border-radius: 999px; background: var(--none-tint); color: var(--muted); margin-left: 6px; }
.msg { padding: 12px 18px; margin-bottom: 8px; }
.msg-fold > summary.msg-head { list-style: none; cursor: pointer; color: inherit; font-size: 1rem; font-weight: 400; }
.msg-fold > summary.msg-head::-webkit-details-marker { display: none; }
.msg-fold > summary.msg-head::before { content: "▸"; color: var(--faint); margin-right: -4px; }
.msg-fold[open] > summary.msg-head::before { content: "▾"; }
.msg-fold > summary.msg-head h2 { flex: 0 1 auto; }
.msg-to { flex: 1 1 12em; color: var(--muted); font-size: .88rem; overflow-wrap: anywhere; }
.msg-fold[open] > .msg-meta { margin-top: 12px; }
.msg-head { display: flex; justify-content: space-between; align-items: baseline; gap: 12px; flex-wrap: wrap; }
.msg-head h2 { font-size: 1.08rem; font-weight: 650; overflow-wrap: anywhere; }
.msg-time { color: var(--faint); font-size: .88rem; white-space: nowrap; }
.msg-meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 10px 0 14px; font-size: .9rem; }
.msg-meta dt { color: var(--faint); }
.msg-meta dd { margin: 0; overflow-wrap: anywhere; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .84rem; }
.msg-meta dd.plain { font-family: inherit; font-size: .9rem; }
.preview { display: block; width: 100%; height: 460px; border: 1px solid var(--border); border-radius: 8px; background: #fff; resize: vertical; overflow: auto; }
.msg details { margin-top: 12px; }
.msg summary { cursor: pointer; color: var(--link); font-weight: 500; font-size: .92rem; }
.msg pre { margin: 8px 0 0; padding: 12px 14px; background: var(--surface-2); border: 1px solid var(--border); border-radius: 8px; overflow: auto; max-height: 420px; font-size: .82rem; line-height: 1.5; white-space: pre-wrap; overflow-wrap: anywhere; }
.sig { display: inline-block; padding: 2px 10px; border-radius: 999px; font-size: .8rem; font-weight: 600; }
.sig-ok { color: var(--op-text); background: var(--op-tint); }
.sig-bad { color: var(--major-text); background: var(--major-tint); }
.sig-none { color: var(--muted); background: var(--none-tint); }
.empty { padding: 36px 24px; text-align: center; color: var(--muted); }
.empty h2 { color: var(--text); font-size: 1.1rem; margin-bottom: 6px; }
.empty code, .inbox-head code { font-size: .85em; background: var(--none-tint); padding: 1px 5px; border-radius: 5px; }
@media (max-width: 600px) {
  .msg { padding: 14px; }
  .preview { height: 380px; }
}
`;
