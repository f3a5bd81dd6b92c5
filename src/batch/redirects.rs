//! `--redirects`: a redirect map from the old addresses of every written item (its old path,
//! the paths it had under earlier slugs, and WordPress's `?p=ID`) to its address on the new site, for the web server or host in front
//! of the site, one function per format. The generators' own redirects (Hugo's and Zola's
//! `aliases`, Jekyll's `redirect_from`, Astro's route) say the same: both come from the
//! item's old path and the URL its file gets.

use std::path::PathBuf;

/// The formats a redirect map is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Netlify's and Cloudflare Pages' `_redirects`.
    Netlify,
    /// An nginx `map` of old to new paths (`redirects.nginx.conf`), for `include`.
    Nginx,
    /// Apache `RewriteRule`s (`redirects.htaccess`).
    Apache,
    /// Vercel's `vercel.json` `redirects`.
    Vercel,
}

/// One written item's old addresses and its new one, paths from the domain's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The old path, percent-decoded (`/blog/2019/01/héllo/`), when it differs from `to`.
    pub from: Option<String>,
    /// The paths it had under earlier slugs (`_wp_old_slug`), which WordPress redirected.
    pub earlier: Vec<String>,
    /// The WordPress id, for `?p=ID`.
    pub id: Option<u64>,
    /// The new address (`/blog/posts/héllo/`), percent-decoded.
    pub to: String,
}

impl Redirect {
    /// Every old path that leads to the item.
    fn sources(&self) -> impl Iterator<Item = &String> {
        self.from.iter().chain(&self.earlier)
    }
}

/// The files of each format asked for (name inside the output folder, text).
pub fn files(redirects: &[Redirect], formats: &[Format]) -> Vec<(PathBuf, String)> {
    formats
        .iter()
        .map(|format| match format {
            Format::Netlify => ("_redirects", netlify(redirects)),
            Format::Nginx => ("redirects.nginx.conf", nginx(redirects)),
            Format::Apache => ("redirects.htaccess", apache(redirects)),
            Format::Vercel => ("vercel.json", vercel(redirects)),
        })
        .map(|(name, text)| (PathBuf::from(name), text))
        .collect()
}

/// `/a b/é` → `/a%20b/%C3%A9`: what a request line carries.
pub fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@%".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `/old /new 301` and `/ p=12 /new 301` (query rules match the front page's `?p=`).
fn netlify(redirects: &[Redirect]) -> String {
    let mut out = String::from("# Written by wpconvert: old WordPress addresses → new ones.\n");
    for redirect in redirects {
        let to = encode(&redirect.to);
        for from in redirect.sources() {
            out.push_str(&format!("{} {to} 301\n", encode(from)));
        }
        if let Some(id) = redirect.id {
            out.push_str(&format!("/ p={id} {to} 301\n"));
        }
    }
    out
}

/// A `map` from the request (its decoded path, `$uri`, and its query: hex digits in
/// percent-encoded requests come in either case) to the new address, and the `if` that uses
/// it, for a `server` block.
fn nginx(redirects: &[Redirect]) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let mut out = String::from(
        "# Written by wpconvert: old WordPress addresses → new ones.\n\
         # In the http block: include this file; in the server block:\n\
         #     if ($wpconvert_redirect) { return 301 $wpconvert_redirect; }\n\
         map $uri$is_args$args $wpconvert_redirect {\n    default \"\";\n",
    );
    for redirect in redirects {
        let to = quote(&encode(&redirect.to));
        for from in redirect.sources() {
            out.push_str(&format!("    {} {to};\n", quote(from)));
        }
        if let Some(id) = redirect.id {
            out.push_str(&format!("    {} {to};\n", quote(&format!("/?p={id}"))));
        }
    }
    out.push_str("}\n");
    out
}

/// mod_rewrite rules for the site's root `.htaccess` (paths are matched decoded, without the
/// leading `/`).
fn apache(redirects: &[Redirect]) -> String {
    let mut out = String::from(
        "# Written by wpconvert: old WordPress addresses → new ones (mod_rewrite).\n\
         RewriteEngine On\n",
    );
    for redirect in redirects {
        let to = encode(&redirect.to);
        for from in redirect.sources() {
            let pattern = regex::escape(from.trim_start_matches('/').trim_end_matches('/'));
            let slash = if from.ends_with('/') { "/?" } else { "" };
            out.push_str(&format!(
                "RewriteRule ^{} {to} [R=301,L,NE]\n",
                format!("{pattern}{slash}$").replace(' ', "\\ ")
            ));
        }
        if let Some(id) = redirect.id {
            out.push_str(&format!(
                "RewriteCond %{{QUERY_STRING}} ^p={id}$\nRewriteRule ^$ {to}? [R=301,L,NE]\n"
            ));
        }
    }
    out
}

/// `{"redirects": [{"source", "destination", "permanent"}]}`; `?p=` by a `has` query rule.
fn vercel(redirects: &[Redirect]) -> String {
    // Vercel's sources are path-to-regexp patterns: its special characters are escaped.
    let source = |path: &str| {
        let mut out = String::new();
        for c in encode(path).chars() {
            if matches!(c, '(' | ')' | ':' | '*' | '+' | '?' | '{' | '}') {
                out.push('\\');
            }
            out.push(c);
        }
        out
    };
    let mut rules = Vec::new();
    for redirect in redirects {
        let to = encode(&redirect.to);
        for from in redirect.sources() {
            rules.push(serde_json::json!({
                "source": source(from),
                "destination": to,
                "permanent": true,
            }));
        }
        if let Some(id) = redirect.id {
            rules.push(serde_json::json!({
                "source": "/",
                "has": [{ "type": "query", "key": "p", "value": id.to_string() }],
                "destination": to,
                "permanent": true,
            }));
        }
    }
    serde_json::to_string_pretty(&serde_json::json!({ "redirects": rules }))
        .expect("JSON values serialize")
        + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_format_maps_old_paths_and_ids() {
        let redirects = [Redirect {
            from: Some("/2019/01/héllo (1)/".into()),
            earlier: vec!["/2019/01/hi/".into()],
            id: Some(12),
            to: "/posts/héllo/".into(),
        }];
        let text = |format| files(&redirects, &[format]).remove(0).1;
        assert!(text(Format::Netlify).contains(
            "/2019/01/h%C3%A9llo%20(1)/ /posts/h%C3%A9llo/ 301\n/2019/01/hi/ /posts/h%C3%A9llo/ 301\n/ p=12 /posts/h%C3%A9llo/ 301\n"
        ));
        assert!(text(Format::Nginx).contains(
            "    \"/2019/01/héllo (1)/\" \"/posts/h%C3%A9llo/\";\n    \"/2019/01/hi/\" \"/posts/h%C3%A9llo/\";\n    \"/?p=12\" \"/posts/h%C3%A9llo/\";\n"
        ));
        let apache = text(Format::Apache);
        assert!(
            apache.contains(
                "RewriteRule ^2019/01/héllo\\ \\(1\\)/?$ /posts/h%C3%A9llo/ [R=301,L,NE]"
            ),
            "{apache}"
        );
        assert!(apache.contains(
            "RewriteCond %{QUERY_STRING} ^p=12$\nRewriteRule ^$ /posts/h%C3%A9llo/? [R=301,L,NE]"
        ));
        let vercel: serde_json::Value = serde_json::from_str(&text(Format::Vercel)).unwrap();
        assert_eq!(
            vercel["redirects"][0]["source"],
            "/2019/01/h%C3%A9llo%20\\(1\\)/"
        );
        assert_eq!(vercel["redirects"][1]["source"], "/2019/01/hi/");
        assert_eq!(vercel["redirects"][2]["has"][0]["value"], "12");
    }
}
