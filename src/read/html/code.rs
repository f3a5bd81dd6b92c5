//! Code blocks' languages, from the markup conventions in use.

/// The language of a code block from the conventions in use: `class="language-x"`,
/// `lang-x`, SyntaxHighlighter's `brush: x`, `data-lang` / `data-language`.
pub(super) fn code_language(element: &scraper::node::Element) -> Option<String> {
    let valid = |s: &str| {
        let s = s.trim().trim_end_matches(';');
        (!s.is_empty()
            && s.len() <= 40
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '#' | '.')))
        .then(|| s.to_ascii_lowercase())
    };
    for attr in ["data-lang", "data-language", "lang"] {
        if let Some(lang) = element.attr(attr).and_then(valid)
            && (attr != "lang" || element.name() == "code" || element.name() == "pre")
        {
            // `lang` is also the human language attribute; only trust it on code.
            if attr == "lang" && lang.len() <= 3 && lang.chars().all(|c| c.is_ascii_lowercase()) {
                continue;
            }
            return Some(lang);
        }
    }
    let class = element.attr("class").unwrap_or("");
    if let Some(at) = class.find("brush:") {
        return valid(class[at + "brush:".len()..].split(';').next().unwrap_or(""));
    }

    if element.name() == "pre"
        && let Some(name) = element
            .classes()
            .find(|c| crate::read::CODE_LANGUAGES.contains(c))
    {
        return Some(name.to_string());
    }
    element.classes().find_map(|c| {
        c.strip_prefix("language-")
            .or_else(|| c.strip_prefix("lang-"))
            .or_else(|| c.strip_prefix("highlight-source-"))
            .and_then(valid)
    })
}
