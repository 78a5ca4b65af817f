"""What every page must pass in a real browser, in one visit (tests/test_page_audit.py) or in a test of its own:
axe-core finds no WCAG 2.1 A/AA violation, the Content-Security-Policy blocks nothing, nothing scrolls
sideways on a phone. (That no request leaves the site's origin is browser_support.open_page's own check.)"""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 740}}

# WCAG 2.0/2.1 A and AA, plus axe's best practices (landmarks, one h1, region...).
AXE_OPTIONS = {"resultTypes": ["violations"]}

_axe = Axe()


def violations(page) -> list[dict]:
    return _axe.run(page, options=AXE_OPTIONS).response["violations"]


def report(violations: list[dict]) -> str:
    """One block per rule: id, impact, what it means, and every element that breaks it."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    {target}: {' '.join(node['html'].split())[:160]}")
            for check in node.get("any", []) + node.get("all", []) + node.get("none", []):
                lines.append(f"        {check['message']}")
    return "\n".join(lines)


def assert_no_violations(page, where: str) -> None:
    found = violations(page)
    assert not found, f"axe found {len(found)} violation(s) on {where}:\n{report(found)}"


PHONE = VIEWPORTS["phone"]

# Elements reaching past the viewport's right edge, outside any box that scrolls on its own (the drawer
# waits off-canvas on the left, which scrolls nothing): what makes a page scroll
# sideways, named so a failure says where to look.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = el => { for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; }
    return false; };
  return [...document.querySelectorAll('body *')].filter(el => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.right > width + 0.5 && !scrolls(el)
        && getComputedStyle(el).visibility !== 'hidden';
    }).slice(0, 8).map(el => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}` +
      `${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : ''}` +
      ` (${Math.round(el.getBoundingClientRect().left)}..${Math.round(el.getBoundingClientRect().right)})`);
}"""


def assert_no_sideways_scroll(page, where: str) -> None:
    scroll, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    culprits = page.evaluate(OVERFLOWING)
    assert scroll <= client and not culprits, (
        f"{where} scrolls sideways at {PHONE['width']} px (scrollWidth {scroll} > {client}): {culprits}")


WATCH_CSP = ("window.__csp = []; document.addEventListener('securitypolicyviolation',"
             " e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));")


def csp_messages(page) -> list[str]:
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text) if "Content Security Policy" in m.text else None)
    return messages
