//! Front matter: the metadata block at the top of a Markdown file that static-site
//! generators read. Field names here are the generic ones most generators accept (`title`,
//! `date`, `updated`, `tags`…); the site-generator presets build on this.

use crate::model::Meta;
use serde::Serialize;

/// The front matter fields, in the order they are written. Empty fields are left out.
#[derive(Debug, Serialize)]
pub struct FrontMatter<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub featured_image: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canonical_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_name: Option<&'a str>,
}

impl<'a> FrontMatter<'a> {
    pub fn from_meta(meta: &'a Meta) -> FrontMatter<'a> {
        FrontMatter {
            title: meta.title.as_deref(),
            description: meta.description.as_deref(),
            authors: meta.authors.iter().map(String::as_str).collect(),
            date: meta.published.map(|d| d.to_string()),
            updated: meta.modified.map(|d| d.to_string()),
            slug: meta.slug.as_deref(),
            categories: meta.terms_of("category").collect(),
            tags: meta.terms_of("post_tag").collect(),
            excerpt: meta.excerpt.as_deref(),
            featured_image: meta.featured_image.as_deref(),
            canonical_url: meta.canonical_url.as_deref(),
            lang: meta.language.as_deref(),
            site_name: meta.site_name.as_deref(),
        }
    }
}

/// YAML front matter between `---` lines, ending with a newline.
pub fn yaml(meta: &Meta) -> String {
    // One line per field: block scalars (`>-`) are valid YAML but surprise people and some
    // front matter parsers.
    let options = serde_saphyr::ser_options! {
        prefer_block_scalars: false,
    };
    let body = serde_saphyr::to_string_with_options(&FrontMatter::from_meta(meta), options)
        .expect("front matter of strings and lists always serializes");
    let body = body.trim_start_matches("---\n");
    let mut out = String::from("---\n");
    out.push_str(body);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("---\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DateTime;

    #[test]
    fn yaml_quotes_what_yaml_would_misread_and_reads_back() {
        let meta = Meta {
            title: Some("yes: a \"title\" # with: colons".into()),
            authors: vec!["no".into(), "Ada Lovelace".into()],
            published: DateTime::parse("2017-03-09T18:16:02-04:00"),
            description: Some("line one\nline two".into()),
            ..Meta::default()
        };
        let text = yaml(&meta);
        assert!(
            text.starts_with("---\n") && text.ends_with("\n---\n"),
            "{text}"
        );
        let inner = &text[4..text.len() - 4];
        let value: serde_json::Value = serde_saphyr::from_str(inner).expect(&text);
        assert_eq!(value["title"], "yes: a \"title\" # with: colons");
        assert_eq!(value["authors"][0], "no");
        assert_eq!(value["description"], "line one\nline two");
        assert_eq!(value["date"], "2017-03-09T18:16:02-04:00");
    }
}
