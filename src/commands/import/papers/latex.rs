//! The LaTeX that submission systems hold in titles and abstracts (authors
//! type it for their camera-ready), as the plain text of a title or the
//! Markdown of an abstract: text commands become their Markdown, escaped
//! characters themselves, TeX quotes and dashes their characters, a word
//! in braces (`{BERT}`) the word; `$…$`
//! formulas stay formulas (written `\(…\)`, which confpress reads as LaTeX
//! maths). What is not understood stays as written, never dropped.

/// An abstract's LaTeX as Markdown.
pub fn markdown(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let converted = convert(&text, true);
    super::super::dollars::latex_delimited(&converted)
        .trim()
        .to_owned()
}

/// A title's LaTeX as plain text: commands and braces gone, maths kept as
/// written.
pub fn inline(text: &str) -> String {
    let converted = convert(text, false);
    converted.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One pass over the text, outside formulas.
fn convert(text: &str, markdown: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut in_math = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '$' && (i == 0 || chars[i - 1] != '\\') {
            in_math = !in_math;
            out.push(c);
            i += 1;
            continue;
        }
        if in_math {
            out.push(c);
            i += 1;
            continue;
        }
        match c {
            '\\' => {
                let name: String = chars[i + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .collect();
                if name.is_empty() {
                    // An escaped character: itself (Markdown keeps the escape).
                    match chars.get(i + 1) {
                        Some(&e @ ('%' | '&' | '#' | '{' | '}')) => out.push(e),
                        Some(&e @ ('_' | '$')) => {
                            if markdown {
                                out.push('\\');
                            }
                            out.push(e);
                        }
                        Some('\\') => out.push(if markdown { '\n' } else { ' ' }),
                        // A control space.
                        Some(' ') => out.push(' '),
                        Some(&other) => {
                            out.push('\\');
                            out.push(other);
                        }
                        None => out.push('\\'),
                    }
                    i += 2;
                    continue;
                }
                let after = i + 1 + name.chars().count();
                let (argument, end) = group(&chars, after);
                let wrap = |left: &str, right: &str, out: &mut String| {
                    let inner = convert(argument.as_deref().unwrap_or_default(), markdown);
                    if markdown {
                        out.push_str(left);
                        out.push_str(&inner);
                        out.push_str(right);
                    } else {
                        out.push_str(&inner);
                    }
                };
                match (name.as_str(), &argument) {
                    ("textbf" | "bf", Some(_)) => wrap("**", "**", &mut out),
                    ("textit" | "emph" | "textsl" | "it", Some(_)) => wrap("*", "*", &mut out),
                    ("texttt", Some(_)) => wrap("`", "`", &mut out),
                    ("textsc" | "textrm" | "textsf" | "mbox" | "text", Some(_)) => {
                        wrap("", "", &mut out)
                    }
                    ("url", Some(url)) => {
                        if markdown {
                            out.push_str(&format!("<{url}>"));
                        } else {
                            out.push_str(url);
                        }
                    }
                    ("href", Some(url)) => {
                        let (label, end2) = group(&chars, end);
                        let label = convert(label.as_deref().unwrap_or(url), markdown);
                        if markdown {
                            out.push_str(&format!("[{label}]({url})"));
                        } else {
                            out.push_str(&label);
                        }
                        i = end2;
                        continue;
                    }
                    ("ldots" | "dots", _) => out.push('…'),
                    ("LaTeX", _) => out.push_str("LaTeX"),
                    ("TeX", _) => out.push_str("TeX"),
                    _ => {
                        // Unknown: as written, its argument too.
                        out.push('\\');
                        out.push_str(&name);
                        match &argument {
                            Some(argument) => {
                                out.push('{');
                                out.push_str(argument);
                                out.push('}');
                                i = end;
                            }
                            None => i = after,
                        }
                        continue;
                    }
                }
                i = if argument.is_some() {
                    end
                } else {
                    skip_space(&chars, after)
                };
            }
            // `{BERT}` (a word kept from BibTeX's case changes) is the word;
            // any other brace is text ("{x | x > 0}").
            '{' => match group(&chars, i) {
                (Some(word), end)
                    if !word.is_empty()
                        && word.chars().all(|c| c.is_alphanumeric() || c == '-') =>
                {
                    out.push_str(&word);
                    i = end;
                }
                _ => {
                    out.push('{');
                    i += 1;
                }
            },
            '~' => {
                out.push('\u{a0}');
                i += 1;
            }
            '`' if chars.get(i + 1) == Some(&'`') => {
                out.push('“');
                i += 2;
            }
            '\'' if chars.get(i + 1) == Some(&'\'') => {
                out.push('”');
                i += 2;
            }
            '-' if chars.get(i + 1) == Some(&'-') => {
                if chars.get(i + 2) == Some(&'-') {
                    out.push('—');
                    i += 3;
                } else {
                    out.push('–');
                    i += 2;
                }
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// The braced group at `at` (after spaces): its text and the index after
/// it; none when no group opens there.
fn group(chars: &[char], at: usize) -> (Option<String>, usize) {
    let start = skip_space(chars, at);
    if chars.get(start) != Some(&'{') {
        return (None, at);
    }
    let mut depth = 0;
    for (k, &c) in chars.iter().enumerate().skip(start) {
        match c {
            '{' if k == start || chars[k - 1] != '\\' => depth += 1,
            '}' if chars[k - 1] != '\\' => {
                depth -= 1;
                if depth == 0 {
                    return (Some(chars[start + 1..k].iter().collect()), k + 1);
                }
            }
            _ => {}
        }
    }
    (None, at)
}

fn skip_space(chars: &[char], mut at: usize) -> usize {
    while chars.get(at).is_some_and(|c| *c == ' ') {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latex_text_becomes_markdown_and_maths_stays() {
        assert_eq!(markdown("by 3.6\\% in BLEU"), "by 3.6% in BLEU");
        assert_eq!(
            markdown("\\textbf{bold} and \\emph{it}"),
            "**bold** and *it*"
        );
        assert_eq!(
            markdown("see \\url{https://x.org/a_b}"),
            "see <https://x.org/a_b>"
        );
        assert_eq!(markdown("``quoted'' -- yes"), "“quoted” – yes");
        assert_eq!(markdown("creation.\\ Almost"), "creation. Almost");
        assert_eq!(markdown("a $x_1$ b"), "a \\(x_1\\) b");
        assert_eq!(markdown("\\unknown{x}"), "\\unknown{x}");
        assert_eq!(
            inline("{BERT}: Pre-training \\& more"),
            "BERT: Pre-training & more"
        );
        // Unbalanced input loses nothing and does not panic.
        for s in ["\\", "{", "\\textbf{", "$", "\\href{a", "``", "'", "\\\\"] {
            let _ = markdown(s);
            let _ = inline(s);
        }
    }

    #[test]
    fn generated_latex_never_panics_and_keeps_its_letters() {
        // Every string of up to five of these pieces, in a fixed order.
        let pieces = [
            "\\", "{", "}", "$", "a", "\\textbf", "\\url", "-", "`", "'", "~", "#", "é", " ",
        ];
        let mut stack = vec![String::new()];
        let mut seen = 0;
        while let Some(s) = stack.pop() {
            let _ = markdown(&s);
            let plain = inline(&s);
            // Letters of the source survive in the title.
            for letter in ['a', 'é'] {
                assert_eq!(
                    s.contains(letter),
                    plain.contains(letter),
                    "{s:?} -> {plain:?}"
                );
            }
            seen += 1;
            if s.chars().count() < 5 {
                for p in pieces {
                    stack.push(format!("{s}{p}"));
                }
            }
        }
        assert!(seen > 100_000);
    }
}
