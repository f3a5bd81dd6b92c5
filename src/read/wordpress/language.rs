//! An item's language when the site's is plainly wrong for it: a Korean post on a site that
//! says `en`. Only the script of the text can be told for sure, so only a post written in
//! another script than the site language's gets the language that script stands for.

/// The writing systems told apart, and the language each stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Hangul,
    Japanese,
    Han,
    Arabic,
    Hebrew,
    Cyrillic,
    Greek,
    Thai,
    Devanagari,
}

fn script_of(c: char) -> Option<Script> {
    Some(match c as u32 {
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F => Script::Latin,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Script::Hangul,
        0x3040..=0x30FF => Script::Japanese,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => Script::Han,
        0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Script::Arabic,
        0x0590..=0x05FF => Script::Hebrew,
        0x0400..=0x04FF => Script::Cyrillic,
        0x0370..=0x03FF => Script::Greek,
        0x0E00..=0x0E7F => Script::Thai,
        0x0900..=0x097F => Script::Devanagari,
        _ => return None,
    })
}

/// The script a language tag (`en-US`, `ko_KR`, `zh-Hant`) is written in.
fn script_of_language(tag: &str) -> Script {
    let primary = tag
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match primary.as_str() {
        "ko" => Script::Hangul,
        "ja" => Script::Japanese,
        "zh" | "yue" => Script::Han,
        "ar" | "fa" | "ur" | "ps" => Script::Arabic,
        "he" | "yi" => Script::Hebrew,
        "ru" | "uk" | "bg" | "sr" | "mk" | "be" | "kk" => Script::Cyrillic,
        "el" => Script::Greek,
        "th" => Script::Thai,
        "hi" | "mr" | "ne" => Script::Devanagari,
        _ => Script::Latin,
    }
}

/// Letters counted by script.
#[derive(Default)]
struct Letters {
    counts: [usize; 10],
    persian: usize,
    ukrainian: usize,
    letters: usize,
}

impl Letters {
    fn count(&mut self, text: &str) {
        for c in text.chars() {
            // ASCII, most of any text: letters are Latin, the rest no letter.
            if c.is_ascii() {
                if c.is_ascii_alphabetic() {
                    self.letters += 1;
                    self.counts[Script::Latin as usize] += 1;
                }
                continue;
            }
            let Some(script) = script_of(c) else { continue };
            self.letters += 1;
            self.counts[script as usize] += 1;
            // Letters Arabic does not use; letters Russian does not use.
            self.persian += usize::from(matches!(c, 'پ' | 'چ' | 'ژ' | 'گ' | 'ک' | 'ی'));
            self.ukrainian +=
                usize::from(matches!(c, 'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є' | 'Ґ'));
        }
    }

    /// Counts the text of HTML: not its tags (`<…>`) or character references (`&amp;`).
    fn count_html(&mut self, html: &str) {
        let mut rest = html;
        while let Some(at) = memchr::memchr2(b'<', b'&', rest.as_bytes()) {
            self.count(&rest[..at]);
            rest = &rest[at..];
            let skip = if rest.starts_with('<') {
                memchr::memchr(b'>', rest.as_bytes()).map(|end| end + 1)
            } else {
                let name = rest[1..]
                    .bytes()
                    .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
                    .count();
                (name > 0 && rest.as_bytes().get(1 + name) == Some(&b';')).then_some(name + 2)
            };
            // A `<` or `&` that starts neither is no letter.
            rest = &rest[skip.unwrap_or(1)..];
        }
        self.count(rest);
    }

    /// The language of the text by its script, when at least 60% of its letters are in one
    /// script other than Latin (Latin is shared by too many languages to tell).
    fn language(&self) -> Option<&'static str> {
        let Letters {
            counts,
            persian,
            ukrainian,
            letters,
        } = *self;
        if letters < 20 {
            return None;
        }
        // Kanji and kana together are Japanese.
        let cjk = counts[Script::Han as usize] + counts[Script::Japanese as usize];
        let japanese =
            counts[Script::Japanese as usize] * 10 >= cjk && counts[Script::Japanese as usize] > 0;
        let (script, count) = if cjk * 10 >= letters * 6 {
            (
                if japanese {
                    Script::Japanese
                } else {
                    Script::Han
                },
                cjk,
            )
        } else {
            let best = (0..counts.len()).max_by_key(|&i| counts[i]).unwrap_or(0);
            (SCRIPTS[best], counts[best])
        };
        if count * 10 < letters * 6 {
            return None;
        }
        Some(match script {
            Script::Latin => return None,
            Script::Hangul => "ko",
            Script::Japanese => "ja",
            Script::Han => "zh",
            Script::Arabic if persian > 0 => "fa",
            Script::Arabic => "ar",
            Script::Hebrew => "he",
            Script::Cyrillic if ukrainian > 0 => "uk",
            Script::Cyrillic => "ru",
            Script::Greek => "el",
            Script::Thai => "th",
            Script::Devanagari => "hi",
        })
    }
}

const SCRIPTS: [Script; 10] = [
    Script::Latin,
    Script::Hangul,
    Script::Japanese,
    Script::Han,
    Script::Arabic,
    Script::Hebrew,
    Script::Cyrillic,
    Script::Greek,
    Script::Thai,
    Script::Devanagari,
];

/// The language to record for an item whose site says `site_language`: the language of its
/// title's and content's script (the content's tags and character references left out) when
/// that script is not the site language's, else none (keep the site's).
pub fn correction(site_language: &str, title: &str, html: &str) -> Option<&'static str> {
    // A script other than Latin needs 60% of at least 20 letters: 12 of them at least. Most
    // posts have none, told without counting their letters.
    if non_latin_letters(title) + non_latin_letters(html) < 12 {
        return None;
    }
    let mut letters = Letters::default();
    letters.count(title);
    letters.count_html(html);
    let detected = letters.language()?;
    (script_of_language(detected) != script_of_language(site_language)).then_some(detected)
}

/// The letters of `text` in a script other than Latin (tags and references included): they
/// are not ASCII, which most of a text is, and which is passed over 16 bytes at a time.
fn non_latin_letters(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at..].len() >= 16 && bytes[at..at + 16].is_ascii() {
            at += 16;
            continue;
        }
        if bytes[at].is_ascii() {
            at += 1;
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        count += usize::from(script_of(c).is_some_and(|script| script != Script::Latin));
        at += c.len_utf8();
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_post_in_another_script_gets_its_language() {
        let korean = "오늘은 날씨가 좋아서 공원에 산책을 나갔습니다. 사람들이 많았어요. WordPress";
        assert_eq!(correction("en", "", korean), Some("ko"));
        assert_eq!(correction("ko-KR", "", korean), None);
        let persian = "این یک متن فارسی است که برای آزمایش نوشته شده و چند کلمه دارد";
        assert_eq!(correction("en-US", "", persian), Some("fa"));
        let japanese = "今日はとても良い天気なので、公園に散歩に行きました。楽しかったです。";
        assert_eq!(correction("en", "", japanese), Some("ja"));
        // Simplified Chinese on a zh site, and Japanese on a zh site.
        let chinese = "今天天气很好，我们去公园散步了。公园里有很多人在锻炼身体。";
        assert_eq!(correction("zh-CN", "", chinese), None);
        assert_eq!(correction("zh-CN", "", japanese), Some("ja"));
    }

    #[test]
    fn tags_and_references_are_not_text() {
        let korean = "오늘은 날씨가 좋아서 공원에 산책을 나갔습니다";
        // Korean text in English markup: the tags' and references' letters do not count.
        let html = format!(
            "<p class=\"entry-content has-background\">{korean}&nbsp;&#8230;</p>\
             <img src=\"/wp-content/uploads/2024/05/photo.jpg\" alt=\"\">"
        );
        assert_eq!(correction("en", "", &html), Some("ko"));
        // Written out, the same markup is text: mostly Latin.
        let text = html.replace('<', "&lt;");
        assert_eq!(correction("en", "", &text), None);
        // A `<` with no `>` after it, and a bare `&`, hide nothing.
        let open = format!("a < b & c {korean}");
        assert_eq!(correction("en", "", &open), Some("ko"));
    }

    #[test]
    fn latin_text_and_short_or_mixed_text_are_left_alone() {
        // English on a Chinese site: Latin tells no language.
        assert_eq!(
            correction("zh-CN", "", "This post is written in English, all of it."),
            None
        );
        assert_eq!(correction("en", "", "한국어"), None);
        // Code-heavy post with a few Korean words: not 60% Hangul.
        let mixed = "int main() { return 0; } printf hello world 안녕하세요";
        assert_eq!(correction("en", "", mixed), None);
    }

    #[test]
    fn letters_of_other_scripts_are_counted_past_ascii() {
        assert_eq!(
            non_latin_letters("plain ASCII text, long enough to skip in blocks"),
            0
        );
        assert_eq!(non_latin_letters("Crème brûlée, naïve café"), 0);
        let korean = "0123456789abcdef한국어 0123456789abcdef0123456789abcdef 日本語 Ελληνικά!";
        assert_eq!(non_latin_letters(korean), 3 + 3 + 8);
        // Eleven letters are too few to be 60% of twenty; twelve may be.
        assert_eq!(correction("en", "", "가나다라마바사아자차카"), None);
        assert_eq!(
            correction("en", "", "가나다라마바사아자차카타파하가나다라마바사"),
            Some("ko")
        );
    }
}
