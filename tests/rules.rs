//! Each rule on its own: what it must fix, and what it must leave alone. Inputs are pasted
//! text or HTML as editors and WordPress produce them; the assertion is on the Markdown.

use wpconvert::normalize::{Settings, check, normalize};
use wpconvert::write::markdown;

/// Converts `input` (text, or HTML when it starts with `<`) with only `rule` enabled.
fn fix_with(rule: &str, input: &str, unsafe_fixes: bool) -> String {
    let format = if input.starts_with('<') {
        wpconvert::InputFormat::Html
    } else {
        wpconvert::InputFormat::Text
    };
    let mut document = wpconvert::read(input.as_bytes(), format).document;
    let settings = Settings {
        select: vec![rule.into()],
        unsafe_fixes,
        ..Settings::default()
    };
    normalize(&mut document, &settings);
    markdown::write(
        &document,
        &markdown::Options {
            front_matter: false,
            ..Default::default()
        },
    )
    .text
}

fn fix(rule: &str, input: &str) -> String {
    fix_with(rule, input, false)
}

/// The input is left exactly as the rule-less conversion writes it.
fn untouched(rule: &str, input: &str) {
    let format = if input.starts_with('<') {
        wpconvert::InputFormat::Html
    } else {
        wpconvert::InputFormat::Text
    };
    let document = wpconvert::read(input.as_bytes(), format).document;
    let settings = Settings {
        select: vec![rule.into()],
        unsafe_fixes: true,
        ..Settings::default()
    };
    let found = check(&document, &settings);
    assert!(
        found.is_empty(),
        "{rule} should leave {input:?} alone, found {found:?}"
    );
}

#[test]
fn wp101_texturized_table() {
    let table = "x\n\n| Area | Details |\n|——————|————-|\n| Security | Shared intelligence |\n| Trade | Mining, energy |";
    assert_eq!(
        fix("WP101", table),
        "x\n\n| Area     | Details             |\n| -------- | ------------------- |\n| Security | Shared intelligence |\n| Trade    | Mining, energy      |\n"
    );
    // En dashes, missing outer pipes and a ragged row, from a WordPress paragraph.
    assert_eq!(
        fix(
            "WP101",
            "<p>Name | Role<br />–––|–––<br />Ada | Engineer | extra</p>"
        ),
        "| Name | Role     |       |\n| ---- | -------- | ----- |\n| Ada  | Engineer | extra |\n"
    );
    untouched(
        "WP101",
        "x\n\nDashes in prose — like this – stay.\n\nA | B is not a table.",
    );
    untouched("WP101", "<p>one | two<br>three | four</p>");
}

#[test]
fn wp201_missing_space() {
    assert_eq!(
        fix("WP201", "x\n\nThe regions.Meanwhile,Sudan waits."),
        "x\n\nThe regions. Meanwhile, Sudan waits.\n"
    );
    assert_eq!(
        fix("WP201", "x\n\nWe met Mr.Smith at noon."),
        "x\n\nWe met Mr. Smith at noon.\n"
    );
    // A lowercase sentence run-in is only an unsafe fix.
    assert_eq!(
        fix("WP201", "x\n\nThe conflict.by sharing it."),
        "x\n\nThe conflict.by sharing it.\n"
    );
    assert_eq!(
        fix_with("WP201", "x\n\nThe conflict.by sharing it.", true),
        "x\n\nThe conflict. by sharing it.\n"
    );
    for prose in [
        "x\n\nUse Vue.js, Node.js or ASP.NET, i.e. frameworks.",
        "x\n\nIt costs 2.75 or 1,000 at 10:30 with v1.2.3 installed.",
        "x\n\nThe U.S.Army and Ph.D.s in the field.",
        "x\n\nMail me@example.com or see example.com/a.b and file.txt.",
        "x\n\nE. B. White and J.R.R. Tolkien wrote.",
    ] {
        untouched("WP201", prose);
    }
}

#[test]
fn wp202_repeated_spaces() {
    assert_eq!(
        fix("WP202", "<p>One.&nbsp; Two&nbsp;&nbsp; three.</p>"),
        "One. Two three.\n"
    );
    untouched("WP202", "<p>November&nbsp;7, 2023 and 10&nbsp;km.</p>");
    // A poem's indentation, as WordPress's verse block and hand-made line breaks hold it.
    untouched(
        "WP202",
        "<pre class=\"wp-block-verse\">Line one\n    indented line\n\tand a tab</pre>",
    );
    untouched(
        "WP202",
        "<p>Line one<br>&nbsp;&nbsp;&nbsp; indented line</p>",
    );
    // ...which the Markdown keeps, as non-breaking spaces no renderer collapses.
    assert_eq!(
        fix(
            "WP202",
            "<pre class=\"wp-block-verse\">Line  one\n  indented</pre>"
        ),
        "Line one\\\n\u{a0}\u{a0}indented\n"
    );
}

#[test]
fn wp203_space_before_punctuation() {
    assert_eq!(
        fix("WP203", "x\n\nBoth nations , and the region ; and more ."),
        "x\n\nBoth nations, and the region; and more.\n"
    );
    untouched(
        "WP203",
        "x\n\nWait ... then see the .env file and .5 of it.",
    );
    untouched("WP203", "x\n\nQuelle surprise ! Il a dit : « oui ».");
}

#[test]
fn wp301_sentence_case() {
    assert_eq!(
        fix(
            "WP301",
            "x\n\nAfter the deadline. the committee met. how now?"
        ),
        "x\n\nAfter the deadline. The committee met. How now?\n"
    );
    assert_eq!(
        fix(
            "WP301",
            "x\n\nSenior Editor: what does it mean for the region?"
        ),
        "x\n\n**Senior Editor:** What does it mean for the region?\n"
    );
    for text in [
        "x\n\nUse a tool, e.g. the linter, etc. and more, vs. them at 5 p.m. today.",
        "x\n\nHe bought an iPhone. eBay sold it. mhowell replied.",
        "x\n\nThe 16. století was long. Wait... then go.",
    ] {
        untouched("WP301", text);
    }
}

#[test]
fn wp302_name_case() {
    assert_eq!(
        fix(
            "WP302",
            "x\n\nTalks in Mali went on in the Sahel.\n\nThe people of mali and the sahel waited."
        ),
        "x\n\nTalks in Mali went on in the Sahel.\n\nThe people of Mali and the Sahel waited.\n"
    );
    untouched(
        "WP302",
        "x\n\nThe Polish team met in March.\n\nThey polish the brass and march on.",
    );
    untouched(
        "WP302",
        "x\n\nSet the mode to CORS today.\n\nThe mode is cors by default.",
    );
    untouched(
        "WP302",
        "x\n\nWhat is Lorem Ipsum, they asked.\n\nDonec nonummy lacinia lorem. Cras risus arcu.",
    );
}

#[test]
fn wp303_label_case() {
    let interview = "x\n\nSenior Editor: First question for you here.\n\nSenior Editor: Second question for you here.\n\nSenior editor: Third question for you here.";
    assert_eq!(
        fix("WP303", interview),
        "x\n\n**Senior Editor:** First question for you here.\n\n**Senior Editor:** Second question for you here.\n\n**Senior Editor:** Third question for you here.\n"
    );
    untouched("WP303", "x\n\nSenior editor: Only once in this interview.");
}

#[test]
fn wp401_misspelling() {
    assert_eq!(
        fix(
            "WP401",
            "x\n\nWe definately need to seperate them. Tho, teh rest waits."
        ),
        "x\n\nWe definitely need to separate them. Though, the rest waits.\n"
    );
    untouched(
        "WP401",
        "x\n\nThe tho in this sentence stays, and so do real words like recipe.",
    );
}

#[test]
fn wp501_mojibake() {
    assert_eq!(
        fix("WP501", "<p>donâ€™t visit the cafÃ©</p>"),
        "don’t visit the café\n"
    );
    untouched("WP501", "<p>não, déjà, Øre, naïve café: £5 or €10.</p>");
}

#[test]
fn wp502_c1_control() {
    assert_eq!(
        fix("WP502", "x\n\ndon\u{92}t stop \u{96} ever"),
        "x\n\ndon’t stop – ever\n"
    );
    untouched("WP502", "x\n\ndon’t stop – ever");
}

#[test]
fn wp503_double_encoded_entity() {
    assert_eq!(
        fix("WP503", "<p>don&amp;#8217;t use Q&amp;amp;A</p>"),
        "don’t use Q&A\n"
    );
    untouched("WP503", "<p>R&amp;D and AT&amp;T, fish &amp; chips</p>");
}

#[test]
fn wp601_toc_remnant() {
    assert_eq!(
        fix(
            "WP601",
            "Title Here\n\nTable of Contents\n\nThe text starts here."
        ),
        "# Title Here\n\nThe text starts here.\n"
    );
    // An ez-toc container: the title and its list of anchor links.
    assert_eq!(
        fix(
            "WP601",
            "<div id=\"ez-toc-container\"><p>Table of Contents</p><ul><li><a href=\"#intro\">Intro</a></li><li><a href=\"#end\">End</a></li></ul></div><h2 id=\"intro\">Intro</h2><p>Text.</p>"
        ),
        "## Intro\n\nText.\n"
    );
    untouched(
        "WP601",
        "<h2>Contents</h2><ul><li>Two chapters</li><li>One appendix</li></ul>",
    );
    untouched("WP601", "x\n\nThe table of contents of the book is long.");
}

#[test]
fn wp605_share_remnant() {
    assert_eq!(
        fix(
            "WP605",
            "<p>The post.</p><h3>Share this:</h3><ul><li><a href=\"https://twitter.com/intent/tweet?u=x\">Twitter</a></li><li><a href=\"https://facebook.com/sharer.php?u=x\">Facebook</a></li></ul><p><a href=\"https://www.linkedin.com/shareArticle?url=x\">LinkedIn</a> <a href=\"https://twitter.com/share?url=x\">Tweet</a></p>"
        ),
        "The post.\n"
    );
    assert_eq!(
        fix(
            "WP605",
            "<p>The post.</p><p>Related</p><ul><li><a href=\"/other\">Other post</a></li></ul>"
        ),
        "The post.\n"
    );
    untouched(
        "WP605",
        "<h2>Related</h2><p>Two studies are related to this one, and we discuss them.</p>",
    );
    untouched(
        "WP605",
        "<p>Share this with a friend if you liked it.</p><p><a href=\"https://example.com\">Example</a></p>",
    );
}

#[test]
fn wp602_empty_paragraph() {
    assert_eq!(
        fix("WP602", "<p>One.</p><p>&nbsp;</p><p>Two.</p>"),
        "One.\n\nTwo.\n"
    );
    untouched("WP602", "<p>One.</p><p>Two.</p>");
}

#[test]
fn wp603_duplicate_paragraph() {
    let text = "x\n\nFor more insights into the region, read our other articles today.\n\nMiddle.\n\nFor more insights into the region, read our other articles today.";
    assert_eq!(
        fix("WP603", text),
        format!("{text}\n"),
        "reported, not removed, by default"
    );
    assert_eq!(
        fix_with("WP603", text, true),
        "x\n\nFor more insights into the region, read our other articles today.\n\nMiddle.\n"
    );
    untouched("WP603", "x\n\nYes.\n\nYes.");
}

#[test]
fn wp604_generated_text_note() {
    let text = "x\n\nThe article itself.\n\nThis HTML-formatted interview is designed for a WordPress page, incorporating key themes.\n\nCertainly! Here is the revised article you asked for.";
    assert_eq!(fix_with("WP604", text, true), "x\n\nThe article itself.\n");
    // Unsafe: without --unsafe-fixes the text is written as it came.
    assert_eq!(fix("WP604", text), format!("{text}\n"));
    untouched(
        "WP604",
        "x\n\nWe asked the tool, and it answered that it hopes this helps the reader.",
    );
}

#[test]
fn select_and_ignore_choose_rules() {
    let input = "x\n\nThe regions.Meanwhile,Sudan and teh rest.";
    let document = wpconvert::read(input.as_bytes(), wpconvert::InputFormat::Text).document;
    let codes = |settings: &Settings| {
        let mut codes: Vec<&str> = check(&document, settings).iter().map(|d| d.code).collect();
        codes.dedup();
        codes
    };
    // Everything on: two missing spaces and a misspelling.
    assert_eq!(codes(&Settings::default()), ["WP201", "WP401"]);
    // A prefix selects its rules only; a name ignores its rule only.
    let only = Settings {
        select: vec!["WP4".into()],
        ..Settings::default()
    };
    assert_eq!(codes(&only), ["WP401"]);
    let without = Settings {
        ignore: vec!["missing-space".into()],
        ..Settings::default()
    };
    assert_eq!(codes(&without), ["WP401"]);
    let by_code = Settings {
        select: vec!["WP201".into()],
        ..Settings::default()
    };
    assert_eq!(codes(&by_code), ["WP201"]);
}
