//! Where each item's file goes: the folder layout and file names each site generator
//! expects (Jekyll's `_posts/YYYY-MM-DD-slug.md`, Hugo's `posts/slug/index.md` bundles, …).

use crate::model::Document;
use crate::read::wxr::Item;
use crate::write::front_matter::Preset;
use std::path::PathBuf;

/// An item's place in the output: a folder, and either a file name or (for Hugo's page
/// bundles) a folder of its own holding `index.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub folder: PathBuf,
    pub name: String,
    pub bundle: bool,
}

pub fn place(item: &Item, document: &Document, preset: Preset, ascii: bool) -> Place {
    let meta = &document.meta;
    let kind = meta.post_type.as_deref().unwrap_or("post");
    let slug = slug(item, document, ascii);
    let published = meta.status.as_deref().is_none_or(|s| s == "publish");
    let plural = match kind {
        "post" => "posts".to_string(),
        "page" => String::new(),
        other => other.to_string(),
    };
    let (folder, name, bundle) = match preset {
        Preset::Generic => (
            if kind == "page" {
                "pages".to_string()
            } else {
                plural
            },
            slug,
            false,
        ),
        Preset::Hugo => (plural, slug, true),
        Preset::Jekyll => match kind {
            "post" if !published || meta.published.is_none() => ("_drafts".into(), slug, false),
            "post" => {
                let date = meta.published.expect("checked").civil.date();
                ("_posts".into(), format!("{date}-{slug}"), false)
            }
            "page" => (String::new(), slug, false),
            other => (format!("_{other}"), slug, false),
        },
        Preset::Astro => (
            match kind {
                "post" => "blog".to_string(),
                "page" => "pages".to_string(),
                other => other.to_string(),
            },
            slug,
            false,
        ),
        Preset::Zola | Preset::Eleventy => (plural, slug, false),
    };
    Place {
        folder: PathBuf::from(folder),
        name,
        bundle,
    }
}

/// The item's slug: WordPress's own (percent-decoded, Unicode kept), else one made from the
/// title, else `type-id`.
fn slug(item: &Item, document: &Document, ascii: bool) -> String {
    let from_wordpress = document.meta.slug.clone().unwrap_or_default();
    let base = if !from_wordpress.trim().is_empty() {
        from_wordpress
    } else {
        slugify(document.meta.title.as_deref().unwrap_or(""))
    };
    let base = if ascii {
        slugify(&deunicode::deunicode(&base))
    } else {
        base
    };
    let base = if base.trim_matches('-').is_empty() {
        let kind = if item.post_type.is_empty() {
            "item"
        } else {
            &item.post_type
        };
        match item.post_id.as_str() {
            "" => format!("{kind}-line-{}", item.line),
            id => format!("{kind}-{id}"),
        }
    } else {
        base
    };
    super::safe_file_stem(&base)
}

/// Lowercase words joined by `-`: letters and digits of any script are kept.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DateTime, Meta};

    fn document(kind: &str, status: &str, slug: &str, title: &str) -> Document {
        Document {
            meta: Meta {
                post_type: Some(kind.into()),
                status: Some(status.into()),
                slug: Some(slug.into()).filter(|s: &String| !s.is_empty()),
                title: Some(title.into()),
                published: DateTime::parse("2019-01-07T09:08:02-05:00"),
                ..Meta::default()
            },
            blocks: vec![],
        }
    }

    fn item(id: &str) -> Item {
        Item {
            post_id: id.into(),
            post_type: "post".into(),
            ..Item::default()
        }
    }

    #[test]
    fn each_preset_lays_out_posts_and_pages_its_way() {
        let post = document("post", "publish", "hello", "Hello");
        let page = document("page", "publish", "about", "About");
        let cases = [
            (Preset::Generic, &post, "posts", "hello", false),
            (Preset::Generic, &page, "pages", "about", false),
            (Preset::Hugo, &post, "posts", "hello", true),
            (Preset::Hugo, &page, "", "about", true),
            (Preset::Jekyll, &post, "_posts", "2019-01-07-hello", false),
            (Preset::Jekyll, &page, "", "about", false),
            (Preset::Astro, &post, "blog", "hello", false),
            (Preset::Zola, &post, "posts", "hello", false),
            (Preset::Eleventy, &page, "", "about", false),
        ];
        for (preset, document, folder, name, bundle) in cases {
            let got = place(&item("1"), document, preset, false);
            assert_eq!(
                got,
                Place {
                    folder: folder.into(),
                    name: name.into(),
                    bundle
                },
                "{preset:?}"
            );
        }
        let draft = document("post", "draft", "wip", "WIP");
        assert_eq!(
            place(&item("1"), &draft, Preset::Jekyll, false).folder,
            PathBuf::from("_drafts")
        );
    }

    #[test]
    fn slugs_come_from_wordpress_then_the_title_then_the_id() {
        assert_eq!(
            place(
                &item("1"),
                &document("post", "publish", "日本語の記事", "x"),
                Preset::Generic,
                false
            )
            .name,
            "日本語の記事"
        );
        assert_eq!(
            place(
                &item("1"),
                &document("post", "publish", "crème-brûlée", "x"),
                Preset::Generic,
                true
            )
            .name,
            "creme-brulee"
        );
        assert_eq!(
            place(
                &item("1"),
                &document("post", "publish", "", "Hello, World!"),
                Preset::Generic,
                false
            )
            .name,
            "hello-world"
        );
        assert_eq!(
            place(
                &item("42"),
                &document("post", "publish", "", ""),
                Preset::Generic,
                false
            )
            .name,
            "post-42"
        );
        assert_eq!(
            place(
                &item("7"),
                &document("post", "publish", "../../etc/passwd", ""),
                Preset::Generic,
                false
            )
            .name,
            "etc-passwd"
        );
    }
}
