//! An author's Typst math spoken: names as words, `_` "sub", `^` "to the
//! power", `/` "over", signs as words, a big operator's limits as the
//! LaTeX reading gives them.

use super::join;

/// Typst math spoken: names as words, `_` "sub", `^` "to the power", `/`
/// "over", signs as words.
pub fn typst(formula: &str) -> String {
    let mut words = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, words: &mut Vec<String>| {
        if !word.is_empty() {
            words.push(std::mem::take(word));
        }
    };
    for c in formula.chars() {
        let spoken = match c {
            '_' => Some("sub"),
            '^' => Some("to the power"),
            '/' => Some("over"),
            '=' => Some("equals"),
            '+' => Some("plus"),
            '-' => Some("minus"),
            '*' => Some("times"),
            '<' => Some("less than"),
            '>' => Some("greater than"),
            '(' | ')' | '"' | '\\' | '#' | '$' => Some(""),
            c if c.is_whitespace() => Some(""),
            _ => None,
        };
        match spoken {
            Some(s) => {
                flush(&mut word, &mut words);
                if !s.is_empty() {
                    words.push(s.to_owned());
                }
            }
            None => word.push(c),
        }
    }
    flush(&mut word, &mut words);
    let mut words: Vec<String> = words
        .into_iter()
        .map(|w| match w.as_str() {
            "dot" => "times".to_owned(),
            "prod" => "product".to_owned(),
            "integral" | "int" => "integral".to_owned(),
            "sqrt" => "square root of".to_owned(),
            "infinity" | "oo" => "infinity".to_owned(),
            _ => w,
        })
        .collect();
    // "x to the power 2" is "x squared".
    let mut i = 0;
    while i + 1 < words.len() {
        if words[i] == "to the power" && matches!(words[i + 1].as_str(), "2" | "3") {
            words[i] = if words[i + 1] == "2" {
                "squared"
            } else {
                "cubed"
            }
            .into();
            words.remove(i + 1);
        }
        i += 1;
    }
    // A big operator's limits: "sum over i of", as the LaTeX reading says.
    let mut i = 0;
    while i < words.len() {
        if matches!(words[i].as_str(), "sum" | "product" | "integral") {
            if words.get(i + 1).is_some_and(|w| w == "sub") && i + 2 < words.len() {
                words[i + 1] = "over".into();
                words.insert(i + 3, "of".into());
            } else {
                words.insert(i + 1, "of".into());
            }
        }
        i += 1;
    }
    join(words)
}
