//! The WXR reader against the WordPress importer's own test exports: every parsing value
//! that `fixtures/wxr/wordpress-importer/EXPECTATIONS.md` lists, checked here.

use std::path::Path;
use wpconvert::Warning;
use wpconvert::read::wxr::{
    Author, Item, ItemTerm, MetaEntry, Record, Site, TermDef, WxrError, WxrReader,
};

#[derive(Debug, Default)]
struct Export {
    site: Site,
    authors: Vec<Author>,
    terms: Vec<TermDef>,
    items: Vec<Item>,
    warnings: Vec<Warning>,
}

impl Export {
    fn taxonomy(&self, taxonomy: &str) -> Vec<&TermDef> {
        self.terms
            .iter()
            .filter(|t| t.taxonomy == taxonomy)
            .collect()
    }
    fn custom_terms(&self) -> Vec<&TermDef> {
        self.terms
            .iter()
            .filter(|t| t.taxonomy != "category" && t.taxonomy != "post_tag")
            .collect()
    }
}

fn read_bytes(bytes: &[u8]) -> Result<Export, WxrError> {
    let mut reader = WxrReader::from_bytes(bytes);
    let mut export = Export::default();
    for record in reader.by_ref() {
        match record? {
            Record::Author(a) => export.authors.push(a),
            Record::Term(t) => export.terms.push(t),
            Record::Item(i) => export.items.push(*i),
            Record::Warning(w) => export.warnings.push(w),
        }
    }
    export.site = reader.site().clone();
    Ok(export)
}

fn read(name: &str) -> Result<Export, WxrError> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/wxr")
        .join(name);
    read_bytes(&std::fs::read(&path).unwrap())
}

fn importer(name: &str) -> Export {
    read(&format!("wordpress-importer/phpunit-data/{name}")).unwrap()
}

fn term(name: &str, slug: &str, domain: &str) -> ItemTerm {
    ItemTerm {
        name: name.into(),
        slug: slug.into(),
        domain: domain.into(),
    }
}

fn meta(key: &str, value: &str) -> MetaEntry {
    MetaEntry {
        key: key.into(),
        value: value.into(),
    }
}

#[test]
fn missing_or_invalid_versions_are_not_wxr() {
    for name in [
        "missing-version-tag.xml",
        "invalid-version-tag.xml",
        "malformed.xml",
    ] {
        let error = read(&format!("wordpress-importer/phpunit-data/{name}")).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("does not appear to be a WXR file")
                && error
                    .to_string()
                    .contains("missing or invalid WXR version number"),
            "{name}: {error}"
        );
    }
    let error = read_bytes(b"This is not valid XML content").unwrap_err();
    assert!(matches!(error, WxrError::NotWxr(_)));
}

#[test]
fn wxr_1_1_with_crlf_line_endings() {
    let export = importer("valid-wxr-1.1.xml");
    assert_eq!(export.site.base_site_url, "http://localhost/");
    assert_eq!(
        export.authors,
        vec![Author {
            id: "2".into(),
            login: "john".into(),
            email: "johndoe@example.org".into(),
            display_name: "John Doe".into(),
            first_name: "John".into(),
            last_name: "Doe".into()
        }]
    );
    let category = export.taxonomy("category")[0];
    assert_eq!(
        (
            category.id.as_str(),
            category.slug.as_str(),
            category.parent.as_str(),
            category.name.as_str(),
            category.description.as_str()
        ),
        ("3", "alpha", "", "alpha", "The alpha category")
    );
    let tag = export.taxonomy("post_tag")[0];
    assert_eq!(
        (
            tag.id.as_str(),
            tag.slug.as_str(),
            tag.name.as_str(),
            tag.description.as_str()
        ),
        ("22", "clippable", "Clippable", "The Clippable post_tag")
    );
    let custom = export.custom_terms()[0];
    assert_eq!(
        (
            custom.id.as_str(),
            custom.taxonomy.as_str(),
            custom.slug.as_str(),
            custom.parent.as_str(),
            custom.name.as_str(),
            custom.description.as_str()
        ),
        ("40", "post_tax", "bieup", "", "bieup", "The bieup post_tax")
    );
    assert_eq!(export.items.len(), 2);
    assert_eq!(
        export.items[0].terms,
        vec![
            term("alpha", "alpha", "category"),
            term("Clippable", "clippable", "post_tag"),
            term("bieup", "bieup", "post_tax")
        ]
    );
    assert!(export.items[0].postmeta.is_empty());
    assert_eq!(
        export.items[1].postmeta,
        vec![meta("_wp_page_template", "default")]
    );
    assert!(
        !export.items[0].content.contains('\r'),
        "CRLF is normalized as XML requires"
    );
}

#[test]
fn wxr_1_0_pairs_of_categories_and_the_tag_domain() {
    let export = importer("valid-wxr-1.0.xml");
    assert_eq!(export.site.base_site_url, "http://localhost/");
    let category = export.taxonomy("category")[0];
    assert_eq!(
        (
            category.slug.as_str(),
            category.name.as_str(),
            category.parent.as_str()
        ),
        ("alpha", "alpha", "")
    );
    assert_eq!(category.description, "The alpha category");
    let tag = export.taxonomy("post_tag")[0];
    assert_eq!(
        (tag.slug.as_str(), tag.name.as_str()),
        ("chicken", "chicken")
    );
    assert_eq!(export.items.len(), 6);
    assert_eq!(export.authors.len(), 0, "WXR 1.0 has no author records");
    assert_eq!(
        export.items[0].terms,
        vec![term("Uncategorized", "uncategorized", "category")]
    );
    assert_eq!(
        export.items[2].terms,
        vec![
            term("alpha", "alpha", "category"),
            term("news", "news", "tag"),
            term("roar", "roar", "tag")
        ]
    );
    assert_eq!(
        export.items[3].terms,
        vec![
            term("chicken", "chicken", "tag"),
            term("child", "child", "category"),
            term("face", "face", "tag")
        ]
    );
    assert_eq!(
        export.items[1].postmeta,
        vec![meta("_wp_page_template", "default")]
    );
}

#[test]
fn content_is_kept_byte_for_byte() {
    let export = importer("post-content-blank-lines.xml");
    assert_eq!(export.items[0].content.matches('\n').count(), 3);
    assert!(
        export.items[0].content.contains("\n\t"),
        "the tab-indented line"
    );
    assert!(
        importer("blank-lines.xml").items[0]
            .content
            .contains("first paragraph\n\nsecond paragraph")
    );
    assert!(
        importer("backslashes.xml").items[0]
            .content
            .contains("C:\\xampp\\htdocs")
    );
    assert!(
        importer("cdata-edge.xml").items[0]
            .content
            .ends_with("]] >")
    );
    assert_eq!(
        importer("multiple-cdata.xml").items[0].content.trim(),
        "line oneline twoline three"
    );
}

#[test]
fn term_formats() {
    let export = importer("term-formats.xml");
    assert_eq!(export.site.base_site_url, "http://localhost/");
    assert!(export.authors.is_empty() && export.items.is_empty());
    assert_eq!(export.taxonomy("category").len(), 2);
    assert_eq!(export.taxonomy("post_tag").len(), 3);
    assert_eq!(export.custom_terms().len(), 2);
}

#[test]
fn escaped_cdata_closers() {
    let export = importer("crazy-cdata-escaped.xml");
    let item = &export.items[0];
    assert_eq!(item.content, "Content with nested <![CDATA[ tags ]]> :)");
    assert_eq!(
        item.postmeta,
        vec![
            meta("Plain string", "Foo"),
            meta("Closing CDATA", "]]>"),
            meta(
                "Alot of CDATA",
                "This has <![CDATA[ opening and ]]> closing <![CDATA[ tags like this: ]]>"
            ),
        ]
    );
}

#[test]
fn serialized_term_and_comment_meta() {
    let expected = vec![
        meta("string", "¯\\_(ツ)_/¯"),
        meta("array", "a:1:{s:3:\"key\";s:13:\"¯\\_(ツ)_/¯\";}"),
    ];
    let export = importer("test-serialized-term-meta.xml");
    assert_eq!(export.taxonomy("category").len(), 1);
    assert_eq!(export.taxonomy("post_tag").len(), 1);
    assert_eq!(export.custom_terms().len(), 1);
    for term in &export.terms {
        assert_eq!(term.meta, expected, "{}", term.name);
    }
    let export = importer("test-serialized-comment-meta.xml");
    assert_eq!(export.items.len(), 1);
    assert_eq!(export.items[0].comments[0].meta, expected);
    assert_eq!(
        importer("term-meta.xml").terms[0].meta,
        vec![meta("legacy_id", "42")]
    );
}

#[test]
fn wxr_simple() {
    for path in [
        "wordpress-importer/phpunit-data/wxr-simple.xml",
        "wordpress-importer/e2e-fixtures/wxr-simple.xml",
    ] {
        let export = read(path).unwrap();
        assert_eq!(export.site.wxr_version, "1.2");
        assert_eq!(
            export.site.base_site_url,
            "https://playground.internal/path"
        );
        assert_eq!(
            export.site.base_blog_url,
            "https://playground.internal/path"
        );
        let author = &export.authors[0];
        assert_eq!(
            (
                author.id.as_str(),
                author.login.as_str(),
                author.email.as_str()
            ),
            ("1", "admin", "admin@localhost.com")
        );
        let post = &export.items[0];
        assert_eq!(post.post_id, "10");
        assert_eq!(post.title, "\"The Road Not Taken\" by Robert Frost");
        assert_eq!(
            (
                post.post_type.as_str(),
                post.post_name.as_str(),
                post.status.as_str()
            ),
            ("post", "hello-world", "publish")
        );
        assert!(post.post_date_gmt.starts_with("2024-06-05"));
        assert_eq!(post.is_sticky, "0");
        assert!(post.content.contains("<!-- wp:paragraph -->"));
        assert!(
            post.content.contains(
                "Two roads diverged in a yellow wood,<br>And sorry I could not travel both"
            )
        );
    }
    // Reading twice gives the same result.
    assert_eq!(
        format!("{:?}", importer("wxr-simple.xml").items),
        format!("{:?}", importer("wxr-simple.xml").items)
    );
}

#[test]
fn sub_data_postmeta_comments_and_term_meta() {
    let export = importer("wxr-with-sub-data.xml");
    assert_eq!(export.site.wxr_version, "1.1");
    assert_eq!(export.items.len(), 1);
    let post = &export.items[0];
    assert_eq!(
        (
            post.post_id.as_str(),
            post.title.as_str(),
            post.creator.as_str()
        ),
        ("101", "Post with sub data", "admin")
    );
    assert_eq!(
        (post.status.as_str(), post.post_type.as_str()),
        ("publish", "post")
    );
    assert_eq!(
        post.postmeta,
        vec![meta("_test_meta_key", "test_meta_value")]
    );
    assert_eq!(
        post.terms,
        vec![term("Test Category", "test-cat", "category")]
    );
    let comment = &post.comments[0];
    assert_eq!(
        (comment.id.as_str(), comment.author.as_str()),
        ("201", "Commenter")
    );
    assert_eq!(comment.content, "This is a comment with meta.");
    assert_eq!(
        comment.meta,
        vec![meta("_comment_meta_key", "comment_meta_value")]
    );
    let custom = export.custom_terms();
    assert_eq!(custom.len(), 1);
    assert_eq!(
        (
            custom[0].id.as_str(),
            custom[0].taxonomy.as_str(),
            custom[0].slug.as_str(),
            custom[0].name.as_str()
        ),
        ("40", "custom_tax", "custom-term", "Custom Term")
    );
    assert_eq!(
        custom[0].meta,
        vec![meta("term_meta_key", "term_meta_value")]
    );
}

#[test]
fn utf8_challenges_survive_exactly() {
    let export = importer("wxr-utf-8-challenges.xml");
    assert_eq!(export.items.len(), 1);
    let post = &export.items[0];
    assert_eq!(
        post.title,
        "\"The Road \u{202e}Not\u{202c} Taken\" by Rob\u{202d}ert \u{202e}Frost \u{202a}🌲\u{202c}"
    );
    assert_eq!(post.post_name, "hello-w\u{202e}orld\u{202c}-utf8-💫-test");
    assert_eq!(
        post.guid,
        "https://playground.internal/path/🚀/\u{202e}tsop\u{202c}/?p=1&test=💫\u{200c}\u{200b}\u{200d}\u{200e}"
    );
    assert!(post.content.contains("T̷̢̯̭̈w̴̰̜̾o̷͉̅ ̵̨͔̔r̶̞̈o̷̰͇̍ä̴́ͅd̶̰̒s̵̞̈́"));
    assert!(
        post.content
            .contains("𝓣𝓮𝓼𝓽 𝓜𝓾𝓵𝓽𝓲-𝓑𝔂𝓽𝓮: 🚀🌟💫⭐️🔥💯🎉🎊🌈🦄")
    );
    assert!(post.content.contains("السلام عليكم وﷲ"));
    assert_eq!(post.postmeta.len(), 5);
    assert_eq!(
        post.postmeta[0],
        meta(
            "_pingme\u{200c}\u{200b}\u{200d}\u{200e}",
            "1\u{200b}\u{200d}\u{200c}\u{200e}"
        )
    );
    assert_eq!(
        post.meta("_utf8_test"),
        Some("🚀 Test with 𝔻𝕠𝕦𝕓𝕝𝕖 𝔖𝔱𝔯𝔲𝔠𝔨: ℍ𝔢𝔩𝔩𝔬 \u{202e}olleH\u{202c} 𝖂𝖔𝖗𝖫𝖉! ")
    );
    assert_eq!(
        post.meta("_special_chars"),
        Some("&#x202E;&#x202D;&#x200B;&#x200C;&#x200D;&#x2060;&#xFEFF;&#xFFFD;")
    );
    assert_eq!(post.terms.len(), 1);
    assert_eq!(post.terms[0].domain, "category");
    assert_eq!(post.terms[0].slug, "uncat\u{202e}egorized\u{202c}");
    // The zalgo name exactly as the file spells it (combining marks and all).
    let source = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/wxr/wordpress-importer/phpunit-data/wxr-utf-8-challenges.xml"),
    )
    .unwrap();
    let name = &source[source.find("nicename=\"uncat").unwrap()..];
    let name = &name[name.find("<![CDATA[").unwrap() + 9..];
    let name = &name[..name.find("]]>").unwrap()];
    assert!(name.ends_with(" 🎭") && name.chars().count() > 30);
    assert_eq!(post.terms[0].name, name);
    let author = &export.authors[0];
    assert_eq!(author.login, "admin\u{200c}\u{200b}\u{200d}\u{200e}");
    assert_eq!(author.email, "ădmĩn@ℓocalhost.com");
    assert_eq!(author.first_name, "🅰️");
    assert_eq!(author.last_name, "&#x1F1FA;&#x1F1F8;𝕌𝕟𝕚𝕔𝕠𝕕𝕖");
}

#[test]
fn chunked_serialized_meta_comes_through_unchanged() {
    let export = importer("chunked-meta.xml");
    assert_eq!(
        export.items[0].postmeta[0].value,
        "a:1:{s:3:\"foo\";s:3:\"bar\";}"
    );
}

#[test]
fn multiline_author_fields_are_trimmed() {
    let mut logins: Vec<String> = importer("authors-multiline.xml")
        .authors
        .into_iter()
        .map(|a| a.login)
        .collect();
    logins.sort();
    assert_eq!(logins, vec!["alice", "bob", "carol"]);
}

#[test]
fn missing_tags_and_many_authors() {
    let export = importer("missing-tags.xml");
    assert!(export.warnings.is_empty(), "{:?}", export.warnings);
    assert_eq!(importer("large-authors.xml").authors.len(), 300);
}

#[test]
fn namespace_edge_cases() {
    let export = importer("namespace-edge-cases.xml");
    let posts: Vec<(&str, &str)> = export
        .items
        .iter()
        .map(|i| (i.title.as_str(), i.post_id.as_str()))
        .collect();
    assert_eq!(
        posts,
        vec![
            ("Mixed Namespaces", "999"),
            ("No Prefix", "2"),
            ("Empty Namespace", "3"),
            ("Unicode Namespace", "4"),
            ("Hijacked Namespace", ""),
            ("Namespace Bomb", "6"),
        ]
    );
    assert_eq!(
        export.items[4].post_type, "",
        "wp: rebound to a foreign URI is not WXR"
    );
    assert_eq!(export.items[5].post_type, "post");
    assert!(
        export.items[5].content.contains("&lol1;"),
        "entities inside CDATA stay text"
    );
    let logins: Vec<&str> = export.authors.iter().map(|a| a.login.as_str()).collect();
    assert_eq!(logins.len(), 2, "{logins:?}");
    assert!(logins.contains(&"real_user"));
    let real = export
        .authors
        .iter()
        .find(|a| a.login == "real_user")
        .unwrap();
    assert_eq!(
        (real.id.as_str(), real.email.as_str()),
        ("2", "real@example.com")
    );
    assert!(!logins.contains(&"fake_ns_user"));
    assert!(
        export.items[0]
            .postmeta
            .contains(&meta("normal_key", "normal_value"))
    );
    assert!(
        !export
            .items
            .iter()
            .flat_map(|i| &i.postmeta)
            .any(|m| m.key == "malicious_key")
    );
    let terms: Vec<(&str, &str, &str)> = export
        .terms
        .iter()
        .map(|t| (t.id.as_str(), t.name.as_str(), t.taxonomy.as_str()))
        .collect();
    assert_eq!(
        terms,
        vec![
            ("100", "Old Version", "category"),
            ("102", "New Version", "category")
        ]
    );
}

#[test]
fn post_and_author_counts_per_file() {
    for (name, posts, authors) in [
        ("wxr-simple.xml", 1, 1),
        ("valid-wxr-1.0.xml", 6, 0),
        ("valid-wxr-1.1.xml", 2, 1),
        ("wxr-utf-8-challenges.xml", 1, 1),
        ("a11y-unit-test-data.xml", 154, 1),
        ("theme-unit-test-data.xml", 186, 2),
        ("wxr-with-sub-data.xml", 1, 0),
        ("crazy-cdata-escaped.xml", 1, 0),
    ] {
        let export = importer(name);
        assert_eq!(
            (export.items.len(), export.authors.len()),
            (posts, authors),
            "{name}"
        );
        let version = &export.site.wxr_version;
        assert!(
            version.split('.').count() == 2 && version.split('.').all(|p| p.parse::<u32>().is_ok()),
            "{name}: {version}"
        );
    }
}

#[test]
fn small_export_items_in_order() {
    let export = importer("small-export.xml");
    assert_eq!(export.authors.len(), 3);
    let editor = export.authors.iter().find(|a| a.login == "editor").unwrap();
    assert_eq!(
        (
            editor.email.as_str(),
            editor.first_name.as_str(),
            editor.last_name.as_str()
        ),
        ("editor@example.org", "FirstName", "LastName")
    );
    assert_eq!(export.taxonomy("category").len(), 30);
    assert_eq!(export.taxonomy("post_tag").len(), 3);
    let foo_bar = export.terms.iter().find(|t| t.slug == "foo-bar").unwrap();
    assert_eq!(foo_bar.parent, "bar");
    let count = |kind: &str, status: &str| {
        export
            .items
            .iter()
            .filter(|i| i.post_type == kind && i.status == status)
            .count()
    };
    assert_eq!((count("post", "publish"), count("post", "private")), (5, 1));
    assert_eq!((count("page", "publish"), count("page", "draft")), (4, 1));
    assert_eq!(
        export.items.iter().map(|i| i.comments.len()).sum::<usize>(),
        1
    );
    let mut items: Vec<&Item> = export
        .items
        .iter()
        .filter(|i| i.post_type == "post" || i.post_type == "page")
        .collect();
    // The importer's test lists items by the IDs the import gives them, which run opposite to
    // the export's own post_id order.
    items.sort_by_key(|i| std::cmp::Reverse(i.post_id.parse::<u64>().unwrap()));
    let rows: Vec<(&str, &str, &str, &str, &str)> = items
        .iter()
        .map(|i| {
            (
                i.title.as_str(),
                i.post_name.as_str(),
                i.creator.as_str(),
                i.post_type.as_str(),
                i.status.as_str(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                "Many Categories",
                "many-categories",
                "admin",
                "post",
                "publish"
            ),
            (
                "Non-standard post format",
                "non-standard-post-format",
                "admin",
                "post",
                "publish"
            ),
            ("Top-level Foo", "top-level-foo", "admin", "post", "publish"),
            ("Foo-child", "foo-child", "editor", "post", "publish"),
            ("Private Post", "private-post", "admin", "post", "private"),
            ("1-col page", "1-col-page", "admin", "page", "publish"),
            ("Draft Page", "", "admin", "page", "draft"),
            ("Parent Page", "parent-page", "admin", "page", "publish"),
            ("Child Page", "child-page", "admin", "page", "publish"),
            ("Sample Page", "sample-page", "admin", "page", "publish"),
            ("Hello world!", "hello-world", "author", "post", "publish"),
        ]
    );
    assert_eq!(
        items[0]
            .terms
            .iter()
            .filter(|t| t.domain == "category")
            .count(),
        27
    );
    assert!(
        items[1]
            .terms
            .contains(&term("Aside", "post-format-aside", "post_format"))
    );
    assert_eq!(
        items[4]
            .terms
            .iter()
            .filter(|t| t.domain == "post_tag")
            .map(|t| t.slug.as_str())
            .collect::<Vec<_>>(),
        vec!["tag1", "tag2", "tag3"]
    );
    assert_eq!(
        items[5].meta("_wp_page_template"),
        Some("onecolumn-page.php")
    );
    let parent_id = &items[7].post_id;
    assert_eq!(&items[8].post_parent, parent_id);
}

#[test]
fn slashes_are_never_unescaped() {
    let export = importer("slashes.xml");
    let alpha = export.terms.iter().find(|t| t.slug == "alpha").unwrap();
    assert_eq!(alpha.name, "a \\\"great\\\" category");
    let tag = export.terms.iter().find(|t| t.slug == "tag1").unwrap();
    assert_eq!(tag.name, "foo\\'bar");
    assert_eq!(export.items[0].content, "Slashes aren\\'t \\\"cool\\\"");
    assert_eq!(export.items[0].comments[0].content, "\\o/ ¯\\_(ツ)_/¯");
}

#[test]
fn markup_inside_cdata_is_not_parsed() {
    let export = importer("test-serialized-postmeta-with-cdata.xml");
    let post = export.items.iter().find(|i| i.post_id == "10").unwrap();
    assert_eq!(post.meta("contains-html"), Some("<pre>some html</pre>"));
    assert_eq!(
        post.meta("evil"),
        Some("<wp:meta_value>evil</wp:meta_value>")
    );
    assert_eq!(post.meta("string"), Some("¯\\_(ツ)_/¯"));
}

#[test]
fn theme_unit_test_export_uses_the_https_namespace() {
    let export = read("theme-test-data/themeunittestdata.wordpress.xml").unwrap();
    assert!(export.items.len() > 100);
    assert!(export.items.iter().all(|i| !i.post_type.is_empty()));
    assert!(export.warnings.is_empty(), "{:?}", export.warnings);
}

// Damaged exports.

fn theme_export() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/wxr/theme-test-data/themeunittestdata.wordpress.xml"),
    )
    .unwrap()
}

#[test]
fn a_form_feed_in_a_post_body_is_dropped_with_a_warning_naming_item_and_line() {
    let source = theme_export().replacen(
        "<content:encoded><![CDATA[",
        "<content:encoded><![CDATA[page\u{c}break ",
        3,
    );
    let export = read_bytes(source.as_bytes()).unwrap();
    let clean = read("theme-test-data/themeunittestdata.wordpress.xml").unwrap();
    assert_eq!(export.items.len(), clean.items.len());
    assert!(
        export
            .items
            .iter()
            .all(|i| !i.content.contains('\u{c}') && !i.title.contains('\u{c}'))
    );
    assert!(!export.warnings.is_empty());
    assert!(
        export
            .warnings
            .iter()
            .all(|w| w.message.contains("U+000C") && w.message.contains("line ")),
        "{:?}",
        export.warnings
    );
}

#[test]
fn an_undeclared_atom_prefix_does_not_stop_the_read() {
    let source = theme_export()
        .replace("xmlns:atom=\"http://www.w3.org/2005/Atom\"", "")
        .replacen(
            "<item>",
            "<atom:link rel=\"search\" href=\"https://example.wordpress.com/osd.xml\" />\n<item>",
            1,
        );
    assert!(source.contains("<atom:link"));
    let export = read_bytes(source.as_bytes()).unwrap();
    assert_eq!(
        export.items.len(),
        read("theme-test-data/themeunittestdata.wordpress.xml")
            .unwrap()
            .items
            .len()
    );
}

#[test]
fn a_truncated_export_yields_every_complete_item_and_says_where_it_broke() {
    let source = theme_export();
    let full = read_bytes(source.as_bytes()).unwrap();
    // Cut in the middle of the 100th item's content.
    let cut = source.match_indices("<item>").nth(99).unwrap().0 + 400;
    let export = read_bytes(&source.as_bytes()[..cut]).unwrap();
    assert_eq!(export.items.len(), 99);
    assert_eq!(export.items, full.items[..99].to_vec());
    let line = source[..cut].matches('\n').count() + 1;
    let warning = export
        .warnings
        .iter()
        .find(|w| w.message.contains("cut off"))
        .expect("a warning");
    assert!(
        warning.message.contains(&format!("line {line}")),
        "{warning:?} (expected line {line})"
    );
}

#[test]
fn invalid_utf8_in_an_export_is_replaced_and_reported() {
    let source = theme_export().replacen(
        "<content:encoded><![CDATA[",
        "<content:encoded><![CDATA[caf\u{e9}",
        1,
    );
    let bytes = source.replacen("caf\u{e9}", "caf\u{0}", 1).into_bytes();
    // Swap the NUL for a lone Latin-1 byte.
    let bytes: Vec<u8> = bytes
        .into_iter()
        .map(|b| if b == 0 { 0xE9 } else { b })
        .collect();
    let export = read_bytes(&bytes).unwrap();
    assert!(
        export
            .items
            .iter()
            .any(|i| i.content.contains("caf\u{FFFD}"))
    );
    assert!(
        export
            .warnings
            .iter()
            .any(|w| w.message.contains("not valid UTF-8"))
    );
}
