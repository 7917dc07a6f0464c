"""Accessibility checks run in the browser: axe-core (from npm, injected through Playwright) and
the 长辈版 measurements of docs/domain.md (适老化与无障碍): text ≥ 18 pt (24 px), line spacing
≥ 1.3, contrast ≥ 4.5:1, targets ≥ 44 px, no sideways scroll."""

import subprocess
from pathlib import Path

NPM_DIR = Path(__file__).parent  # package.json pins the axe-core version
AXE_JS = NPM_DIR / "node_modules" / "axe-core" / "axe.min.js"

# WCAG 2.0–2.2 A/AA (GB/T 37668 level 2 ≈ WCAG AA) and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# Read-aloud rules that must hold whatever impact axe gives them (headings in order, unique
# landmarks, one main, titles, image alt text, tables with headers).
ALWAYS_FAIL = {
    "heading-order", "page-has-heading-one", "landmark-unique", "landmark-one-main", "landmark-no-duplicate-banner",
    "landmark-no-duplicate-contentinfo", "region", "document-title", "html-has-lang", "image-alt",
    "td-has-header", "th-has-data-cells", "empty-heading", "duplicate-id-aria", "label", "target-size",
}

ELDER_TEXT_PX = 24  # 18 pt
ELDER_LINE_SPACING = 1.3
MIN_CONTRAST = 4.5
ELDER_TARGET_PX = 44


def axe_source():
    """axe.min.js, installed from npm (scripts/test.sh does it; done here if it has not been)."""
    if not AXE_JS.exists():
        subprocess.run(  # noqa: S603
            ["npm", "ci", "--no-audit", "--no-fund", "--prefix", str(NPM_DIR)],  # noqa: S607
            check=True, timeout=300, capture_output=True,
        )
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(page, source):
    """Serious/critical violations, plus any violation of the ALWAYS_FAIL rules."""
    page.add_script_tag(content=source)
    result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [
        f"{v['id']}（{v['impact']}）：{v['help']} → {', '.join(str(n['target']) for n in v['nodes'][:5])}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical") or v["id"] in ALWAYS_FAIL
    ]


def sideways_scroll(page):
    """How far the page scrolls sideways (0 when it does not), with the elements sticking out."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const over = document.documentElement.scrollWidth - width;
          if (over <= 0) return 0;
          const culprits = Array.from(document.body.querySelectorAll('*'))
            .filter((e) => e.getBoundingClientRect().right > width + 0.5 && !e.closest('.visually-hidden, .w-sr-only, .skip-link'))
            .slice(-5).map((e) => e.tagName.toLowerCase() + '.' + String(e.className).trim().replace(/\\s+/g, '.'));
          return `${over}px：${culprits.join('，')}`;
        }"""
    )


# Every visible element with text of its own: its font size, line spacing and contrast against
# the nearest opaque background. Elements on background images (the hero gradient) are left to
# axe, which judges those.
_MEASURE_TEXT = """
(limits) => {
  const hidden = (e) => e.closest('[hidden], [aria-hidden="true"], .visually-hidden, .w-sr-only, .skip-link, .print-only, option');
  const visible = (e) => { const r = e.getBoundingClientRect(); return r.width > 1 && r.height > 1 && !hidden(e); };
  const ownText = (e) => Array.from(e.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
  const rgba = (c) => { const m = c.match(/[\\d.]+/g).map(Number); return m.length === 3 ? [...m, 1] : m; };
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
                               return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const background = (e) => {
    for (let n = e; n; n = n.parentElement) {
      const s = getComputedStyle(n);
      if (s.backgroundImage !== 'none') return null;
      const c = rgba(s.backgroundColor);
      if (c[3] > 0.5) return c;
    }
    return [255, 255, 255, 1];
  };
  const name = (e) => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
                      + '「' + e.textContent.trim().slice(0, 16) + '」';
  const found = {small: [], tight: [], contrast: []};
  for (const e of document.body.querySelectorAll('*')) {
    if (['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(e.tagName) || !ownText(e) || !visible(e)) continue;
    const s = getComputedStyle(e);
    const size = parseFloat(s.fontSize);
    if (size < limits.textPx - 0.01) found.small.push(`${name(e)} ${size}px`);
    if (s.lineHeight !== 'normal' && !['INPUT', 'BUTTON', 'SELECT', 'TEXTAREA'].includes(e.tagName)
        && parseFloat(s.lineHeight) / size < limits.lineSpacing - 0.001) {
      found.tight.push(`${name(e)} ${(parseFloat(s.lineHeight) / size).toFixed(2)}`);
    }
    const bg = background(e);
    if (bg) {
      const fg = rgba(s.color);
      const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
      const ratio = (hi + 0.05) / (lo + 0.05);
      if (ratio < limits.contrast) found.contrast.push(`${name(e)} ${ratio.toFixed(2)}:1`);
    }
  }
  return found;
}
"""

# Controls and stand-alone links (not links inside running text, which WCAG exempts): the box
# a finger or mouse must hit. A checkbox or radio counts with its label.
_MEASURE_TARGETS = """
(minPx) => {
  const small = [];
  const sel = 'a, button, input:not([type=hidden]), select, textarea, summary, [role=button]';
  for (const e of document.body.querySelectorAll(sel)) {
    // Not targets: hidden things, and off-screen helpers nobody can reach (honeypots, default submits).
    if (e.closest('[hidden], [aria-hidden="true"], .visually-hidden, .w-sr-only, .skip-link') || e.getAttribute('tabindex') === '-1') continue;
    if (e.tagName === 'A' && getComputedStyle(e).display === 'inline') continue;
    let box = e;
    if (e.type === 'checkbox' || e.type === 'radio') box = e.closest('label') || document.querySelector(`label[for="${e.id}"]`) || e;
    const r = box.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) continue;
    if (r.height < minPx - 0.5 || r.width < minPx - 0.5) {
      small.push(`${e.tagName.toLowerCase()}「${(e.innerText || e.value || e.name || '').trim().slice(0, 12)}」${Math.round(r.width)}×${Math.round(r.height)}`);
    }
  }
  return small;
}
"""


def elder_text_problems(page):
    found = page.evaluate(
        _MEASURE_TEXT, {"textPx": ELDER_TEXT_PX, "lineSpacing": ELDER_LINE_SPACING, "contrast": MIN_CONTRAST}
    )
    return {kind: items for kind, items in found.items() if items}


def small_targets(page, min_px=ELDER_TARGET_PX):
    return page.evaluate(_MEASURE_TARGETS, min_px)


def numbers_broken(page):
    """Receipt and phone numbers (.number) that wrap onto a second line."""
    return page.evaluate(
        "() => Array.from(document.querySelectorAll('.number')).filter((e) => e.getClientRects().length > 1"
        " || e.getBoundingClientRect().height > 1.9 * parseFloat(getComputedStyle(e).lineHeight)).map((e) => e.textContent)"
    )
