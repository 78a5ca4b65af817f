"""What every page must pass in a real browser, in one visit (tests/test_page_audit.py) or in a test of its own:
axe-core finds no WCAG 2.1 A/AA violation, the Content-Security-Policy blocks nothing, nothing scrolls
sideways on a phone, every target is 24 px by 24 px at least. (That no request leaves the site's origin is
browser_support.open_page's own check.)"""

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


# Every target a pointer can hit (a link, a button, a form control, a summary, a label standing for a hidden
# control such as the nav's toggles) at least 24 by 24 CSS px: WCAG 2.2's 2.5.8 without its spacing exception (an
# undersized target is no less hard to hit for having room around it). Its exceptions that stay: a link in a
# sentence, whose height its line sets (an inline element beside words of its own block; a bare number, a
# source's, is no word of the sentence), and the browser's own checkboxes. What is not drawn is no target: not
# rendered, off screen (the closed drawer), or visually hidden (a label for screen readers, 1 px). A wrapped
# link is measured by its largest line.
TARGETS = """() => {
  const MIN = 24;
  const SELECTOR = 'a[href], button, input:not([type=hidden]), select, textarea, summary, label[for], '
    + '[role=button], [tabindex]:not([tabindex="-1"])';
  const shown = (el) => el.checkVisibility({ checkVisibilityCSS: true }) && !el.closest('[aria-hidden=true], [inert]');
  const describe = (el) => {
    const text = (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().replace(/\\s+/g, ' ');
    const cls = typeof el.className === 'string' && el.className.trim()
      ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
    return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls} "${text.slice(0, 40)}"`;
  };
  const rect = (el) => [...el.getClientRects()].sort((a, b) => b.width * b.height - a.width * a.height)[0]
    || el.getBoundingClientRect();
  const targets = [...document.querySelectorAll(SELECTOR)].filter((el) => {
    if (!shown(el) || el.classList.contains('md-skip')) return false; // the skip link: drawn when focused
    if (el.matches('input[type=checkbox], input[type=radio]')) return false;
    if (el.tagName === 'LABEL') {
      const control = document.getElementById(el.htmlFor);
      if (control && shown(control) && getComputedStyle(control).opacity !== '0') return false;
    }
    const r = el.getBoundingClientRect();
    return r.right > 0 && r.left < document.documentElement.clientWidth && r.width * r.height > 1;
  });
  const inSentence = (el) => {
    if (getComputedStyle(el).display !== 'inline' || /^\\W*\\d*\\W*$/.test(el.textContent.trim())) return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
    const rest = block.cloneNode(true);
    rest.querySelectorAll(SELECTOR).forEach((t) => t.remove());
    return /\\p{L}{2,}/u.test(rest.textContent);
  };
  const sizes = targets.map((el) => ({ el, r: rect(el) }));
  const small = sizes.filter(({ el, r }) => (r.width < MIN - 0.5 || r.height < MIN - 0.5) && !inSentence(el));
  return { count: targets.length, smallest: Math.min(...sizes.map(({ r }) => Math.min(r.width, r.height))),
           small: small.map(({ el, r }) => `${describe(el)} ${Math.round(r.width)}x${Math.round(r.height)}`) };
}"""


def assert_targets(page, where: str) -> None:
    found = page.evaluate(TARGETS)
    assert found["count"], f"{where}: no target found"
    assert not found["small"], f"{where}: targets under 24 by 24 px:\n    " + "\n    ".join(found["small"])
