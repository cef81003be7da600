//! The command tables: which LaTeX command stands for which Typst symbol,
//! operator or accent function.
//!
//! Every entry is a fixed string of Typst's vocabulary (or an escaped
//! character); a name not listed here is not a symbol.

/// Operators Typst knows by the LaTeX name (upright, limits where LaTeX has them).
pub(super) fn operator(name: &str) -> Option<&'static str> {
    const OPERATORS: &[&str] = &[
        "arccos", "arcsin", "arctan", "arg", "cos", "cosh", "cot", "coth", "csc", "deg", "det",
        "dim", "exp", "gcd", "hom", "inf", "ker", "lg", "lim", "liminf", "limsup", "ln", "log",
        "max", "min", "Pr", "sec", "sin", "sinh", "sup", "tan", "tanh",
    ];
    OPERATORS
        .iter()
        .copied()
        .find(|&op| op == name)
        .or(match name {
            "bmod" | "mod" => Some("mod"),
            _ => None,
        })
}

/// Commands that stand for one symbol.
pub(super) fn symbol(name: &str) -> Option<&'static str> {
    greek(name)
        .or_else(|| big_operator(name))
        .or_else(|| binary_operator(name))
        .or_else(|| relation(name))
        .or_else(|| arrow(name))
        .or_else(|| other_symbol(name))
}

/// Greek letters, lower and upper case.
fn greek(name: &str) -> Option<&'static str> {
    Some(match name {
        // Greek, lower case.
        "alpha" => "α",
        "beta" => "β",
        "gamma" => "γ",
        "delta" => "δ",
        "epsilon" => "ϵ",
        "varepsilon" => "ε",
        "zeta" => "ζ",
        "eta" => "η",
        "theta" => "θ",
        "vartheta" => "ϑ",
        "iota" => "ι",
        "kappa" => "κ",
        "varkappa" => "ϰ",
        "lambda" => "λ",
        "mu" => "μ",
        "nu" => "ν",
        "xi" => "ξ",
        "omicron" => "ο",
        "pi" => "π",
        "varpi" => "ϖ",
        "rho" => "ρ",
        "varrho" => "ϱ",
        "sigma" => "σ",
        "varsigma" => "ς",
        "tau" => "τ",
        "upsilon" => "υ",
        "phi" => "ϕ",
        "varphi" => "φ",
        "chi" => "χ",
        "psi" => "ψ",
        "omega" => "ω",
        // Greek, upper case.
        "Gamma" => "Γ",
        "Delta" => "Δ",
        "Theta" => "Θ",
        "Lambda" => "Λ",
        "Xi" => "Ξ",
        "Pi" => "Π",
        "Sigma" => "Σ",
        "Upsilon" => "Υ",
        "Phi" => "Φ",
        "Psi" => "Ψ",
        "Omega" => "Ω",
        _ => return None,
    })
}

/// Big operators (Typst sets their limits as LaTeX does).
fn big_operator(name: &str) -> Option<&'static str> {
    Some(match name {
        "sum" => "∑",
        "prod" => "∏",
        "coprod" => "∐",
        "int" => "∫",
        "iint" => "∬",
        "iiint" => "∭",
        "oint" => "∮",
        "bigcup" => "⋃",
        "bigcap" => "⋂",
        "bigoplus" => "⨁",
        "bigotimes" => "⨂",
        "bigvee" => "⋁",
        "bigwedge" => "⋀",
        "bigsqcup" => "⨆",
        _ => return None,
    })
}

/// Binary operators.
fn binary_operator(name: &str) -> Option<&'static str> {
    Some(match name {
        "times" => "×",
        "cdot" => "⋅",
        "pm" => "±",
        "mp" => "∓",
        "div" => "÷",
        "ast" => "∗",
        "star" => "⋆",
        "circ" => "∘",
        "bullet" => "∙",
        "oplus" => "⊕",
        "ominus" => "⊖",
        "otimes" => "⊗",
        "odot" => "⊙",
        "cup" => "∪",
        "cap" => "∩",
        "sqcup" => "⊔",
        "sqcap" => "⊓",
        "setminus" => "∖",
        "wedge" | "land" => "∧",
        "vee" | "lor" => "∨",
        "dagger" => "†",
        "ddagger" => "‡",
        "wr" => "≀",
        _ => return None,
    })
}

/// Relations.
fn relation(name: &str) -> Option<&'static str> {
    Some(match name {
        "leq" | "le" => "≤",
        "geq" | "ge" => "≥",
        "leqslant" => "⩽",
        "geqslant" => "⩾",
        "neq" | "ne" => "≠",
        "ll" => "≪",
        "gg" => "≫",
        "lesssim" => "≲",
        "gtrsim" => "≳",
        "approx" => "≈",
        "sim" => "∼",
        "simeq" => "≃",
        "cong" => "≅",
        "equiv" => "≡",
        "propto" => "∝",
        "doteq" => "≐",
        "in" => "∈",
        "notin" => "∉",
        "ni" | "owns" => "∋",
        "subset" => "⊂",
        "supset" => "⊃",
        "subseteq" => "⊆",
        "supseteq" => "⊇",
        "subsetneq" => "⊊",
        "supsetneq" => "⊋",
        "perp" => "⊥",
        "parallel" => "∥",
        "mid" => "∣",
        "nmid" => "∤",
        "vdash" => "⊢",
        "models" => "⊨",
        "prec" => "≺",
        "succ" => "≻",
        "preceq" => "⪯",
        "succeq" => "⪰",
        "asymp" => "≍",
        "lt" => "\\<",
        "gt" => "\\>",
        _ => return None,
    })
}

/// Arrows.
fn arrow(name: &str) -> Option<&'static str> {
    Some(match name {
        "to" | "rightarrow" => "→",
        "leftarrow" | "gets" => "←",
        "leftrightarrow" => "↔",
        "Rightarrow" => "⇒",
        "Leftarrow" => "⇐",
        "Leftrightarrow" => "⇔",
        "longrightarrow" => "⟶",
        "longleftarrow" => "⟵",
        "longleftrightarrow" => "⟷",
        "Longrightarrow" | "implies" => "⟹",
        "Longleftarrow" | "impliedby" => "⟸",
        "Longleftrightarrow" | "iff" => "⟺",
        "mapsto" => "↦",
        "longmapsto" => "⟼",
        "uparrow" => "↑",
        "downarrow" => "↓",
        "updownarrow" => "↕",
        "Uparrow" => "⇑",
        "Downarrow" => "⇓",
        "nearrow" => "↗",
        "searrow" => "↘",
        "swarrow" => "↙",
        "nwarrow" => "↖",
        "hookrightarrow" => "↪",
        "hookleftarrow" => "↩",
        "rightleftharpoons" => "⇌",
        "leftrightarrows" => "⇆",
        "rightleftarrows" => "⇄",
        _ => return None,
    })
}

/// Letters and other symbols.
fn other_symbol(name: &str) -> Option<&'static str> {
    Some(match name {
        "infty" => "∞",
        "partial" => "∂",
        "nabla" => "∇",
        "forall" => "∀",
        "exists" => "∃",
        "nexists" => "∄",
        "neg" | "lnot" => "¬",
        "emptyset" | "varnothing" => "∅",
        "hbar" => "ℏ",
        "hslash" => "ℏ",
        "ell" => "ℓ",
        "Re" => "ℜ",
        "Im" => "ℑ",
        "aleph" => "ℵ",
        "wp" => "℘",
        "prime" => "′",
        "angle" => "∠",
        "triangle" => "△",
        "square" | "Box" => "□",
        "degree" | "circledast" => "°",
        "ldots" | "dots" | "dotsc" | "dotsb" | "dotso" => "…",
        "cdots" => "⋯",
        "vdots" => "⋮",
        "ddots" => "⋱",
        "langle" => "⟨",
        "rangle" => "⟩",
        "lfloor" => "⌊",
        "rfloor" => "⌋",
        "lceil" => "⌈",
        "rceil" => "⌉",
        "lbrace" => "\\{",
        "rbrace" => "\\}",
        "vert" | "lvert" | "rvert" => "\\|",
        "Vert" | "lVert" | "rVert" => "‖",
        "backslash" => "\\\\",
        "colon" => "\\:",
        "AA" => "Å",
        "textmu" | "micro" => "upright(μ)",
        "textdegree" => "°",
        "checkmark" => "✓",
        "therefore" => "∴",
        "because" => "∵",
        "top" => "⊤",
        "bot" => "⊥",
        "flat" => "♭",
        "sharp" => "♯",
        "natural" => "♮",
        "clubsuit" => "♣",
        "diamondsuit" => "♢",
        "heartsuit" => "♡",
        "spadesuit" => "♠",
        "diamond" => "⋄",
        "surd" => "√",
        _ => return None,
    })
}

/// Symbols written in text (`\text{5 \textmu m}`), as the characters
/// they print.
pub(super) fn text_symbol(name: &str) -> Option<&'static str> {
    Some(match name {
        "textmu" | "micro" => "μ",
        "AA" => "Å",
        "aa" => "å",
        "degree" | "textdegree" => "°",
        "ldots" | "dots" | "textellipsis" => "…",
        "textendash" => "–",
        "textemdash" => "—",
        "textpm" => "±",
        "texttimes" => "×",
        "textless" => "<",
        "textgreater" => ">",
        "ss" => "ß",
        "o" => "ø",
        "O" => "Ø",
        _ => return None,
    })
}

/// The Typst function that sets an accent (or a line, a brace) over or
/// under its argument.
pub(super) fn accent_function(name: &str) -> &str {
    match name {
        "hat" | "widehat" => "hat",
        "tilde" | "widetilde" => "tilde",
        "bar" => "macron",
        "vec" | "overrightarrow" => "arrow",
        "overleftarrow" => "arrow.l",
        "dot" => "dot",
        "ddot" => "dot.double",
        "dddot" => "dot.triple",
        "acute" => "acute",
        "grave" => "grave",
        "breve" => "breve",
        "check" => "caron",
        "mathring" => "circle",
        other => other,
    }
}
