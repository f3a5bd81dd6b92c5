//! Which custom fields (post meta) an item's metadata keeps. Keys starting with `_` are
//! WordPress's and plugins' own and never kept; of the public ones, the default keeps what
//! an author entered (`mood`, `video_url`, `DiveMaxDepth`) and leaves out the state plugins and
//! themes store in public keys: page builders' templates, SEO scores, share and view counts,
//! comment-service thread ids, theme layout switches, and fields with no value.

/// Which public custom fields to keep.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Fields {
    /// The author's fields, without plugin and theme state nor empty ones.
    #[default]
    Meaningful,
    /// Every public field.
    All,
    /// None.
    None,
    /// These names; `prefix*` names every field starting with `prefix`.
    Only(Vec<String>),
}

impl Fields {
    /// `all`, `none`, or names separated by commas (`mood,geo_*`).
    pub fn parse(list: &str) -> Fields {
        match list.trim() {
            "all" => Fields::All,
            "none" => Fields::None,
            names => Fields::Only(
                names
                    .split(',')
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(str::to_string)
                    .collect(),
            ),
        }
    }

    /// Whether the public field `key` with the raw `value` is kept.
    pub fn keeps(&self, key: &str, value: &str) -> bool {
        match self {
            Fields::Meaningful => !value.trim().is_empty() && !is_plugin_state(key),
            Fields::All => true,
            Fields::None => false,
            Fields::Only(names) => names.iter().any(|name| match name.strip_suffix('*') {
                Some(prefix) => key.starts_with(prefix),
                None => key == name,
            }),
        }
    }
}

/// Plugin and theme state stored under public keys, by the prefixes and names real exports
/// show (the real-world corpus among them).
fn is_plugin_state(key: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "ct_",              // Oxygen builder templates
        "oxygen_",          // Oxygen builder
        "rank_math_",       // Rank Math SEO
        "yoast_",           // Yoast SEO (most of its keys start with `_`)
        "dsq_",             // Disqus thread ids and sync flags
        "duoshuo_",         // Duoshuo comments
        "aktt_",            // Twitter Tools
        "rp4wp_",           // Related Posts for WordPress
        "swp_",             // Social Warfare
        "dpsp_",            // Social Pug share counts
        "essb_",            // Easy Social Share Buttons
        "blocksy_",         // Blocksy theme
        "ao_",              // Autoptimize
        "amp_",             // AMP
        "ampforwp",         // AMP for WP
        "jetpack_",         // Jetpack
        "wpcom_",           // WordPress.com
        "ratings_",         // WP-PostRatings
        "page_header_",     // theme layout switches
        "page_footer",      // theme layout switches
        "page_sidebar_",    // theme layout switches
        "page_breadcrumbs", // theme layout switches
        "page_subheader_",  // theme layout switches
        "hide_post_",       // theme display switches
        "soy_",             // theme display switches
        "td_",              // Newspaper theme
        "mkd_",             // Mikado themes
        "qode_",            // Qode themes
        "eltd_",            // Elated themes
        "ast-",             // Astra theme
        "site-",            // Astra layout switches
        "theme-",           // theme switches
        "snap_",            // NextScripts SNAP
        "wpil_",            // Link Whisper
        "wp_statistics",    // WP Statistics
        "panels_data",      // SiteOrigin page builder
        "slide_template",   // Slider Revolution
        "rs_page_",         // Slider Revolution
        "post_slider_",     // theme sliders
        "xyz_",             // XYZ social auto publish
        "sfw_",             // anti-spam
        "akismet_",         // Akismet
        "wpdc_",            // WP Discourse
        "content_cards_",   // Content Cards cache
        "keyword_cache",    // keyword plugins' cache
    ];
    const NAMES: &[&str] = &[
        "views",
        "post_views_count",
        "post_view_count",
        "wpb_post_views_count",
        "classic-editor-remember",
        "cocomment_trackall",
        "geo_public",
        "sharing_disabled",
        "switch_like_status",
        "tmac_last_id",
        "shorturls",
        "twittercomments",
        "tweetcount",
        "tweetbackscheck",
        "readingtime",
        "layout_key",
        "envince_sidebarlayout",
        "tc-thumb-fld",
        "tagazine-media",
        "post_extend",
        "page_extend",
        "page_dark_mode",
        "page_dark_mode_switcher",
        "page_custom_css",
        "page_background_type",
        "page_add_wrapper",
        "page_add_top_padding",
        "page_use_boxed_wrapper",
        "page_boxed_wrapper_margins_size",
        "page_content_wrapper_width",
        "page_full_width_margins_size",
        "page_show_arrow",
        "page_post_style_in_grid",
        "page_typography_settings",
        "page_social_networks_typo",
        "inline_featured_image",
        "suxing_ding",
        "spay_email",
        "original_post_id",
    ];
    PREFIXES.iter().any(|prefix| key.starts_with(prefix)) || NAMES.contains(&key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_keeps_what_an_author_entered() {
        let fields = Fields::default();
        for (key, value) in [
            ("mood", "sunny"),
            ("video_url", "https://example.org/v.mp4"),
            ("DiveMaxDepth", "18"),
            ("geo_latitude", "45.5"),
            ("enclosure", "https://example.org/a.mp3\n1234\naudio/mpeg"),
        ] {
            assert!(fields.keeps(key, value), "{key}");
        }
        for (key, value) in [
            ("ct_template_categories", "a:0:{}"),
            ("rank_math_seo_score", "71"),
            ("dsq_thread_id", "123456"),
            ("post_views_count", "42"),
            ("page_header_title_visibility", "on"),
            ("mood", "  "),
        ] {
            assert!(!fields.keeps(key, value), "{key}");
        }
    }

    #[test]
    fn a_list_names_fields_and_prefixes() {
        let fields = Fields::parse("mood, geo_*");
        assert!(fields.keeps("mood", "x") && fields.keeps("geo_latitude", "1"));
        assert!(!fields.keeps("video_url", "x"));
        assert!(Fields::parse("all").keeps("dsq_thread_id", "1"));
        assert!(!Fields::parse("none").keeps("mood", "x"));
    }
}
