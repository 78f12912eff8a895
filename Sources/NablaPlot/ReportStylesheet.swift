/// The report page's stylesheet: a readable column, tables of settings and results side by side,
/// each figure on a white card, charts scaled down to the page's width but never up.
let reportStylesheet = """
    body { margin: 0; background: #f5f5f3; color: #222; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; }
    main { max-width: 1080px; margin: 0 auto; padding: 24px 28px 64px; }
    h1 { font-size: 1.75rem; margin: 0.3em 0 0.2em; }
    h2 { font-size: 1.2rem; margin: 1.4em 0 0.5em; padding-bottom: 0.2em; border-bottom: 1px solid #ddd; }
    .summary { color: #555; margin-top: 0; }
    nav ol { margin: 0.5em 0; padding-left: 1.5em; columns: 2; column-gap: 48px; }
    nav a, figcaption a { color: #1f5fa8; }
    .tables { display: flex; flex-wrap: wrap; gap: 0 56px; margin-bottom: 1.5em; }
    .tables > div { flex: 1 1 300px; }
    table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
    th, td { text-align: left; vertical-align: top; padding: 4px 16px 4px 0; border-bottom: 1px solid #e4e4e4; overflow-wrap: anywhere; }
    th { font-weight: 600; color: #444; width: 45%; }
    td { font-variant-numeric: tabular-nums; }
    figure { margin: 0 0 28px; padding: 16px; background: #fff; border: 1px solid #e2e2e2; border-radius: 6px; }
    figure svg, figure img { display: block; max-width: 100%; height: auto; margin: 0 auto; }
    figcaption { margin-top: 10px; color: #444; font-size: 0.95rem; }
    .files { white-space: nowrap; margin-left: 0.6em; font-size: 0.9rem; }
    pre { background: #fff; border: 1px solid #e2e2e2; border-radius: 6px; padding: 12px 16px; overflow-x: auto; font-size: 0.85rem; line-height: 1.4; }

    """
