//! Saved pages: which part of a page is the article, and what inside it is the site's. Each
//! case is a page laid out the way real news sites and blogs lay theirs out (header and menu,
//! the article, a sidebar, a footer), with the one construction under test inside it.
//! The benchmark of 181 real pages is `benches/extraction.py`.

use wpconvert::model::Document;
use wpconvert::read::html;

const PROSE: &str = "The council met on Tuesday evening, and after a long debate about the budget, \
    the roads and the new library, it voted to keep the swimming pool open through the winter.";

/// A whole page around `article`, with the furniture real pages have.
fn page(canonical: &str, article: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html lang="en"><head><title>Pool stays open</title>
<link rel="canonical" href="{canonical}"></head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<div class="wrapper"><main><article><h1>Pool stays open</h1>{article}</article></main>
<aside class="sidebar"><h3>Popular</h3><ul><li><a href="/a">Storm closes the harbour road for a week</a></li><li><a href="/b">School fair raises record sum</a></li></ul></aside></div>
<footer><p>© 2019 The Town Gazette, 12 Harbour Street</p></footer></body></html>"#
    )
}

/// The article as Markdown.
fn text_of(document: &Document) -> String {
    wpconvert::write::markdown::write(document, &Default::default()).text
}

fn read(html: &str) -> String {
    text_of(&html::read(html).document)
}

#[test]
fn what_the_stylesheet_hides_by_class_is_not_read_from_a_page() {
    let article = format!(
        r#"<p>{PROSE}</p>
<div class="gallery-nav small hidden"><span>Image 1 of 8</span><p>Caption</p><p>Close</p></div>
<div class="hidden md:block"><p>Shown from tablets up: the vote was seven to two.</p></div>
<div class="d-none d-lg-flex"><p>Shown on desktops: the pool opens at six.</p></div>
<p class="is-hidden">Loading comments…</p>
<p>{PROSE}</p>"#
    );
    let text = read(&page("https://gazette.example/pool", &article));
    assert!(text.contains("council met"), "{text}");
    assert!(!text.contains("Image 1 of 8"), "{text}");
    assert!(!text.contains("Caption"), "{text}");
    assert!(!text.contains("Loading comments"), "{text}");
    assert!(text.contains("seven to two"), "{text}");
    assert!(text.contains("opens at six"), "{text}");
    // In a post's content, `hidden` is whatever the theme makes of it: the text is kept.
    let fragment = html::read_fragment(r#"<p class="hidden">Spoiler: the butler.</p>"#);
    assert!(text_of(&fragment.document).contains("the butler"));
}

#[test]
fn an_article_written_as_loose_lines_beside_a_long_archive_is_found() {
    // A hand-made news site: the whole page sits inside the menu bar's unclosed `<div>`, the
    // archive column is long lists of months, the story is loose text after its title, and
    // the footer is named in Portuguese.
    let months: String = (1..=120)
        .map(|i| format!("<li><a href=\"/news?m={i}\">Month {i} <span>({i})</span></a></li>"))
        .collect();
    let html = format!(
        r#"<html><body><div class="navbar navbar-fixed-top"><div class="container"><div class="row">
<div class="col-md-3"><ul class="nav tree">{months}</ul></div>
<div class="col-md-9"><p class="title">Vandals break into two ambulances</p>
<small><b>05/10/2018</b> - Published by: C. Borba - <a href="/news?cat=19">Health</a></small><br><br>
<img src="/img/van.jpeg">The home care team of the Amizade district found this morning that two of its five cars had been broken into. The cars were left without batteries and with damage. A police report was filed, and the police came to see the damage. Patients booked for this morning are being rebooked.<br><br>
The health department expects care to be back to normal this afternoon.
</div></div></div>
<div class="rodape"><div class="container"><div style="text-align: center">Town Hall - Main Street, 1111 - Phone: 2106-8000</div></div></div></body></html>"#
    );
    let text = read(&html);
    assert!(text.contains("two of its five cars"), "{text}");
    assert!(text.contains("back to normal"), "{text}");
    assert!(!text.contains("Month 12"), "{text}");
    assert!(!text.contains("Phone: 2106"), "{text}");
}

#[test]
fn lines_that_are_one_link_to_the_site_are_left_out_of_a_page() {
    let article = format!(
        r##"<p>{PROSE}</p>
<p><strong><a href="https://www.gazette.example/news/pool-history">POOL HAS SURVIVED THREE CLOSURE VOTES</a></strong></p>
<p><a href="https://video.gazette.example/v/123">Watch: the council debate</a></p>
<p><a href="/news/library">Library plans go on show</a></p>
<p><a href="#">close</a></p>
<p><strong>READ MORE:</strong> <a href="/news/lido">Lido reopening date set</a></p>
<p>Advert</p>
<p>{PROSE}</p>
<p>Related: <a href="https://other.example/pools">Pools across the county</a></p>
<p><a href="https://shop.example.com/swim-cap">Swim cap, two colours</a></p>
<p><a href="https://minutes.example.org/2019/11/pool.pdf">https://minutes.example.org/2019/11/pool.pdf</a></p>
<p>See <a href="/news/budget">the budget story</a> for the figures.</p>"##
    );
    let text = read(&page("https://gazette.example/news/pool", &article));
    for dropped in [
        "THREE CLOSURE VOTES",
        "Watch: the council debate",
        "Library plans",
        "close",
        "READ MORE",
        "Lido reopening",
        "Advert",
    ] {
        assert!(!text.contains(dropped), "{dropped} kept:\n{text}");
    }
    for kept in [
        "Swim cap, two colours",
        "minutes.example.org/2019/11/pool.pdf",
        "the budget story",
        "Pools across the county",
    ] {
        assert!(text.contains(kept), "{kept} lost:\n{text}");
    }
    // A post's own content keeps every link line.
    let fragment =
        html::read_fragment(r#"<p><a href="/news/library">Library plans go on show</a></p>"#);
    assert!(text_of(&fragment.document).contains("Library plans"));
}

#[test]
fn blocks_of_other_stories_are_left_out_even_when_they_outweigh_the_article() {
    // A WordPress theme's related posts: an `<article>` opening with its heading, holding
    // teasers whose excerpts are longer than the post itself.
    let teaser = |n: usize| {
        format!(
            r#"<article class="postbox post-{n}"><a href="/p{n}"><img src="/p{n}.jpg"></a><p>Life asks of us optimism and courage, to hope for the best, to make the best happen, to get up after a fall, to keep going, to learn, to wait, to try again, and again, and again, with faith, love and patience: teaser {n}.</p></article>"#
        )
    };
    let related: String = (1..=6).map(teaser).collect();
    let html = format!(
        r#"<html><body><div id="primary">
<article class="post-1806 post hentry"><h1>Only who loves himself</h1><p>To live a true love is one of the greatest pleasures of life. To like is to feel with the soul; we tie love to our needs and end it.</p></article>
<article class="post-1806 post hentry"><h3 class="relatedpoststitle">Você pode gostar...</h3>{related}</article>
<div class="rail"><div class="rail__header"><h3 class="rail__title">Most read in world news</h3></div><div class="rail__item"><p>Prince parties in unearthed pictures, despite claims, friends, and photos.</p></div></div>
</div></body></html>"#
    );
    let text = read(&html);
    assert!(text.contains("greatest pleasures"), "{text}");
    assert!(!text.contains("teaser"), "{text}");
    assert!(!text.contains("Você pode gostar"), "{text}");
    assert!(!text.contains("Prince parties"), "{text}");
}

#[test]
fn a_trending_bar_before_the_article_does_not_take_the_article_with_it() {
    // Drupal regions: the first block of the page's main region is "TRENDING:" and its links;
    // the region is not a block of other stories for that.
    let html = format!(
        r#"<html><body><div id="main"><div class="region"><div class="block"><h2>TRENDING:</h2>
<ul><li><a href="/person/a">Donald Trump</a></li><li><a href="/tags/b">Impeachment</a></li></ul></div></div>
<div class="region-content"><h1 class="title">Pool stays open</h1><p>{PROSE}</p><p>{PROSE}</p></div></div></body></html>"#
    );
    let text = read(&html);
    assert!(text.contains("council met"), "{text}");
}

#[test]
fn a_label_for_other_stories_goes_with_its_list_and_a_pointer_in_the_text_stays() {
    let article = format!(
        r#"<p>{PROSE}</p><p>Leggi anche</p><p>{PROSE} Again.</p>
<p>More Great Gazette Stories</p><ul><li><a href="/x">Harbour road reopens after the storm</a>, at last.</li></ul>
<p>You may also like...</p><ul><li><a href="https://elsewhere.example/a">Who makes the Hall of Fame in 2020?</a> A vote.</li><li><a href="https://elsewhere.example/b">Band takes over the vote</a> Fans.</li></ul>"#
    );
    let text = read(&page("https://gazette.example/pool", &article));
    assert!(text.contains("Leggi anche"), "{text}");
    assert!(text.contains("Again."), "{text}");
    assert!(!text.contains("You may also like"), "{text}");
    assert!(!text.contains("Hall of Fame"), "{text}");
    assert!(!text.contains("Great Gazette"), "{text}");
    assert!(!text.contains("Harbour road"), "{text}");
}

#[test]
fn bylines_dates_copyright_and_prompts_around_the_prose_are_left_out() {
    let html = format!(
        r#"<html><head><title>Pool stays open</title><meta name="author" content="Justine Coleman"></head>
<body><main><div class="story">
<p>By Justine Coleman - 11/18/19 11:04 PM EST</p>
<p>November 20, 2019</p>
<p>{PROSE}</p>
<p>Residents can subscribe to the minutes.</p>
<p>{PROSE}</p>
<p>Updated at 1:23 p.m.</p>
<p>Don't miss a brief. Sign up for our daily email.</p>
<p>Tags: pool, council, winter</p>
<p>Share</p>
<p>The contents of this site are ©2019 Gazette Publishing Corp.</p>
</div></main></body></html>"#
    );
    let converted = html::read(&html);
    assert_eq!(converted.document.meta.authors, ["Justine Coleman"]);
    let text = text_of(&converted.document);
    for dropped in [
        "By Justine",
        "November 20",
        "Sign up",
        "Tags:",
        "Share",
        "©2019",
    ] {
        assert!(!text.contains(dropped), "{dropped} kept:\n{text}");
    }
    // Between paragraphs of prose, a short line is the article's; so is a last line that is
    // none of these.
    assert!(text.contains("subscribe to the minutes"), "{text}");
    assert!(text.contains("Updated at 1:23"), "{text}");
    assert_eq!(text.matches("council met").count(), 2, "{text}");
}

#[test]
fn a_post_the_article_embeds_stays_though_its_box_is_named_social() {
    let article = format!(
        r#"<p>{PROSE}</p>
<div class="social-media-embed"><blockquote class="twitter-tweet"><p lang="en">Yes this is real and the pool stays open: <a href="https://t.co/x">https://t.co/x</a></p>— A. Swimmer (@swimmer) <a href="https://twitter.com/swimmer/status/1">November 18, 2019</a></blockquote></div>
<div class="social-share"><a href="https://facebook.com/sharer">Facebook</a> <a href="https://twitter.com/intent">Twitter</a></div>
<p>{PROSE}</p>"#
    );
    let text = read(&page("https://gazette.example/pool", &article));
    assert!(text.contains("Yes this is real"), "{text}");
    assert!(text.contains("@swimmer"), "{text}");
    assert!(!text.contains("Facebook"), "{text}");
}

#[test]
fn a_slideshow_in_the_article_keeps_its_pictures_and_not_its_player() {
    let article = format!(
        r#"<div class="asset_gallery"><div class="hst-resgallery-container"><ul class="hst-resgallery">
<li class="hst-resgalleryitem"><img src="https://img.example/1.jpg" alt="The pool at dusk">
<div class="caption"><div class="caption-full">The pool at dusk, on the day of the vote.<a class="more-caption"> less</a></div>
<div class="caption-truncated">The pool at dusk, on the<a class="more-caption"> ... more</a></div>
<span class="credit">Photo: A. Photographer</span></div></li>
<li class="hst-resgalleryitem"><img src="https://img.example/2.jpg" alt="Swimmers"></li></ul>
<div class="control-bar"><div class="slide-count">Image 1 of / 2</div><p class="open">Caption</p><p class="close">Close</p></div></div></div>
<p>{PROSE}</p><p>{PROSE}</p>
<figure><img src="https://img.example/3.jpg" alt="The council"><figcaption>The council during the vote.</figcaption><div class="credit">(Image credit: Town Hall)</div></figure>"#
    );
    let text = read(&page("https://gazette.example/pool", &article));
    assert!(text.contains("https://img.example/1.jpg"), "{text}");
    assert!(text.contains("https://img.example/2.jpg"), "{text}");
    for dropped in [
        "on the day of the vote",
        "more",
        "Photo: A.",
        "Image 1 of",
        "Close",
        "Image credit",
    ] {
        assert!(!text.contains(dropped), "{dropped} kept:\n{text}");
    }
    // A figure of the article keeps its caption; only the credit line is the agency's.
    assert!(text.contains("The council during the vote."), "{text}");
    assert_eq!(text.matches("council met").count(), 2, "{text}");
}

#[test]
fn an_article_inside_a_container_named_gallery_is_not_taken_for_a_slideshow() {
    let article = format!(
        r#"<div class="gallery-story"><p>{PROSE}</p><img src="https://img.example/1.jpg" alt=""><p>{PROSE}</p><p>The lifeguards, too, will stay on through the cold months.</p></div>"#
    );
    let text = read(&page("https://gazette.example/pool", &article));
    assert_eq!(text.matches("council met").count(), 2, "{text}");
    assert!(text.contains("lifeguards"), "{text}");
}
