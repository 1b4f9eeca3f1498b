"""LaTeX-ish text (as arXiv titles, abstracts and comments carry it) to readable plain text.

Not a TeX engine: it removes math delimiters, turns common symbols, accents and font
commands into Unicode, and leaves anything it does not know as written. The result is plain
text; the caller still escapes it for HTML.
"""

from __future__ import annotations

import re
import unicodedata

SYMBOLS = {
    "times": "×",
    "cdot": "·",
    "pm": "±",
    "mp": "∓",
    "div": "÷",
    "approx": "≈",
    "sim": "∼",
    "simeq": "≃",
    "neq": "≠",
    "ne": "≠",
    "leq": "≤",
    "le": "≤",
    "geq": "≥",
    "ge": "≥",
    "ll": "≪",
    "gg": "≫",
    "infty": "∞",
    "to": "→",
    "rightarrow": "→",
    "leftarrow": "←",
    "Rightarrow": "⇒",
    "in": "∈",
    "sum": "∑",
    "prod": "∏",
    "int": "∫",
    "partial": "∂",
    "nabla": "∇",
    "sqrt": "√",
    "propto": "∝",
    "ell": "ℓ",
    "dots": "…",
    "ldots": "…",
    "cdots": "⋯",
    "circ": "∘",
    "degree": "°",
    "%": "%",
    "&": "&",
    "#": "#",
    "_": "_",
    "$": "$",
    "{": "{",
    "}": "}",
    "textendash": "–",
    "textemdash": "—",
    "textasciitilde": "~",
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "epsilon": "ε",
    "varepsilon": "ε",
    "zeta": "ζ",
    "eta": "η",
    "theta": "θ",
    "kappa": "κ",
    "lambda": "λ",
    "mu": "μ",
    "nu": "ν",
    "xi": "ξ",
    "pi": "π",
    "rho": "ρ",
    "sigma": "σ",
    "tau": "τ",
    "phi": "φ",
    "varphi": "φ",
    "chi": "χ",
    "psi": "ψ",
    "omega": "ω",
    "Gamma": "Γ",
    "Delta": "Δ",
    "Theta": "Θ",
    "Lambda": "Λ",
    "Xi": "Ξ",
    "Pi": "Π",
    "Sigma": "Σ",
    "Phi": "Φ",
    "Psi": "Ψ",
    "Omega": "Ω",
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "ae": "æ",
    "AE": "Æ",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "aa": "å",
    "AA": "Å",
}
ACCENTS = {
    '"': "\u0308",
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
}
UNWRAP = (
    "textbf",
    "textit",
    "emph",
    "textrm",
    "texttt",
    "textsf",
    "mathrm",
    "mathbf",
    "mathit",
    "mathcal",
    "mathbb",
    "mathsf",
    "mathtt",
    "boldsymbol",
    "text",
    "operatorname",
    "mbox",
    "textsc",
)
SUPERSCRIPTS = str.maketrans("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ")
SUBSCRIPTS = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")

_ACCENT = re.compile(r"""\\(?P<cmd>["'`^~=.]|[uvHck](?=[{\s]))\s*(?:\{(?P<a>\\?[A-Za-z])\}|(?P<b>\\?[A-Za-z]))""")
_UNWRAP = re.compile(r"\\(?:" + "|".join(UNWRAP) + r")\s*\{(?P<body>[^{}]*)\}")
_COMMAND = re.compile(r"\\(?:(?P<name>[A-Za-z]+)(?![A-Za-z])\s?|(?P<sym>[%&#_${}]))")
_SCRIPT = re.compile(r"(?P<op>[\^_])(?:\{(?P<a>[^{}]*)\}|(?P<b>[0-9A-Za-z]))")
_MATH = re.compile(r"(?<!\\)\$(?P<body>[^$]*)(?<!\\)\$")


def _accent(match: re.Match[str]) -> str:
    letter = match.group("a") or match.group("b")
    base = SYMBOLS.get(letter[1:], letter[1:]) if letter.startswith("\\") else letter
    return unicodedata.normalize("NFC", base + ACCENTS[match.group("cmd")])


def _script(match: re.Match[str]) -> str:
    body = match.group("a") if match.group("a") is not None else match.group("b")
    table = SUPERSCRIPTS if match.group("op") == "^" else SUBSCRIPTS
    converted = body.translate(table)
    if all(ch in "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎" for ch in converted):
        return converted
    return ("^" if match.group("op") == "^" else "_") + body


def _math(match: re.Match[str]) -> str:
    body = _SCRIPT.sub(_script, match.group("body"))
    return body.replace("{", "").replace("}", "")


def latex_to_text(text: str) -> str:
    """``256$\\times$256`` -> ``256×256``; ``$I$-$V$`` -> ``I-V``; ``B\\"uttiker`` -> ``Büttiker``."""
    if "\\" not in text and "$" not in text and "{" not in text and "--" not in text:
        return text
    text = _ACCENT.sub(_accent, text)
    for _ in range(3):  # nested \emph{\textbf{x}}
        text = _UNWRAP.sub(lambda m: m.group("body"), text)
    text = _MATH.sub(_math, text)
    text = _COMMAND.sub(lambda m: m.group("sym") or SYMBOLS.get(m.group("name"), m.group(0)), text)
    text = re.sub(r"(?<!\\)\{(\w+)\}", r"\1", text)  # {Ü}ber, {GAN}: case-protecting braces
    text = text.replace("---", "—").replace("--", "–").replace("``", "“").replace("''", "”")
    return " ".join(text.split())
