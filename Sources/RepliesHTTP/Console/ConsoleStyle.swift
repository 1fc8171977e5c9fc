/// The staff console's stylesheet: readable on a phone (one column, 44 px touch targets) and
/// side by side on a wide screen; colours pass WCAG AA contrast on white.
enum ConsoleStyle {
    static let css = #"""
    :root { --fg: #1b1f24; --muted: #4a5560; --line: #d0d7de; --accent: #0b5cad; --bad: #a4161a; --ok: #1a6b32;
            --user: #f3f6f9; --ai: #eef6ff; --staff: #fff6e5; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
    * { box-sizing: border-box; }
    [hidden] { display: none !important; }
    body { margin: 0; color: var(--fg); background: #fff; line-height: 1.45; }
    .top { display: flex; align-items: center; justify-content: space-between; padding: 0.5rem 1rem;
           border-bottom: 1px solid var(--line); }
    h1 { font-size: 1.15rem; margin: 0; }
    h2 { font-size: 1.05rem; margin: 0; }
    .panel { padding: 1rem; }
    .bar { display: flex; align-items: center; gap: 0.75rem; justify-content: space-between; flex-wrap: wrap; }
    button { min-height: 44px; min-width: 44px; padding: 0 1rem; font: inherit; border-radius: 6px;
             border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
    button:disabled { opacity: 0.55; cursor: default; }
    button.link, #more, #sign-out { background: #fff; color: var(--accent); }
    button:focus-visible, a:focus-visible, input:focus-visible, textarea:focus-visible, .list button:focus-visible {
        outline: 3px solid #f2b705; outline-offset: 2px; }
    label { display: block; font-weight: 600; margin: 0.75rem 0 0.25rem; }
    label.check { display: flex; align-items: center; gap: 0.4rem; font-weight: 400; margin: 0; min-height: 44px; }
    label.check input { width: 1.2rem; height: 1.2rem; }
    input[type=password], textarea { width: 100%; font: inherit; padding: 0.6rem; border: 1px solid var(--muted);
                                     border-radius: 6px; min-height: 44px; }
    .help { color: var(--muted); font-size: 0.9rem; margin: 0.35rem 0; }
    .error { margin: 0.75rem 1rem; padding: 0.6rem 0.8rem; border-left: 4px solid var(--bad); background: #fdecec; color: var(--bad); }
    .actions { display: flex; gap: 0.5rem; flex-wrap: wrap; margin: 0.5rem 0; }
    .list { list-style: none; margin: 0.75rem 0; padding: 0; }
    .list li { border-bottom: 1px solid var(--line); }
    .list button { width: 100%; text-align: left; background: #fff; color: var(--fg); border: 0; border-radius: 0;
                   padding: 0.6rem 0.25rem; display: grid; gap: 0.15rem; }
    .list button[aria-current="true"] { background: var(--ai); }
    .list .who { font-weight: 600; }
    .list .why, .list .preview { color: var(--muted); font-size: 0.9rem; overflow-wrap: anywhere; }
    .badge { display: inline-block; font-size: 0.8rem; padding: 0 0.45rem; border-radius: 999px; background: var(--bad); color: #fff; }
    .state { font-weight: 600; }
    .state.human { color: var(--bad); }
    .state.ai { color: var(--ok); }
    .turns { list-style: none; padding: 0; margin: 0.75rem 0; display: grid; gap: 0.5rem; }
    .turns li { padding: 0.5rem 0.7rem; border-radius: 8px; border: 1px solid var(--line); white-space: pre-wrap;
                overflow-wrap: anywhere; }
    .turns li.user { background: var(--user); margin-right: 2.5rem; }
    .turns li.assistant { background: var(--ai); margin-left: 2.5rem; }
    .turns li.operator { background: var(--staff); margin-left: 2.5rem; }
    .turns li.waiting { border-style: dashed; }
    .turns .meta { display: block; font-size: 0.8rem; color: var(--muted); white-space: normal; }
    @media (min-width: 900px) {
        #app { display: grid; grid-template-columns: minmax(18rem, 24rem) 1fr; min-height: calc(100vh - 4rem); }
        #inbox { border-right: 1px solid var(--line); }
        #back { display: none; }
    }
    @media (max-width: 899px) {
        #app.reading #inbox { display: none; }
    }

    """#
}
