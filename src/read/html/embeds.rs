//! Embedded players and gists: their providers and the pages they show.

/// The page a provider's player shows: `youtube.com/embed/ID` → `youtube.com/watch?v=ID`,
/// `player.vimeo.com/video/ID` → `vimeo.com/ID`. This is the URL WordPress itself embeds
/// from, and the one static-site generators' embed shortcodes take.
pub(super) fn page_url_of_player(url: &str) -> String {
    let id_after = |marker: &str| {
        let at = url.find(marker)? + marker.len();
        let id: String = url[at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
            .collect();
        (!id.is_empty()).then_some(id)
    };
    if let Some(id) =
        id_after("youtube.com/embed/").or_else(|| id_after("youtube-nocookie.com/embed/"))
    {
        return format!("https://www.youtube.com/watch?v={id}");
    }
    if let Some(id) = id_after("player.vimeo.com/video/") {
        return format!("https://vimeo.com/{id}");
    }
    url.to_string()
}

/// The page of a gist from its embedding script's address (`https://gist.github.com/u/ID.js`,
/// `?file=pom.xml` for one file of it).
pub fn gist_page(src: &str) -> Option<String> {
    let src = src.trim();
    let rest = src
        .strip_prefix("https://")
        .or_else(|| src.strip_prefix("http://"))
        .or_else(|| src.strip_prefix("//"))?;
    let path = rest.strip_prefix("gist.github.com/")?;
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let path = path.strip_suffix(".js")?;
    if path.is_empty() || path.contains(['<', '>', '"', ' ']) {
        return None;
    }
    let file = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("file="))
        .filter(|f| {
            !f.is_empty()
                && f.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        });
    Some(match file {
        Some(file) => format!(
            "https://gist.github.com/{path}#file-{}",
            file.replace('.', "-").to_ascii_lowercase()
        ),
        None => format!("https://gist.github.com/{path}"),
    })
}

/// The provider of an embed URL, by host.
pub fn provider_of(url: &str) -> Option<String> {
    let host = url
        .split("://")
        .nth(1)?
        .split(['/', '?', '#'])
        .next()?
        .to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    const PROVIDERS: &[(&str, &str)] = &[
        ("youtube.com", "youtube"),
        ("youtube-nocookie.com", "youtube"),
        ("youtu.be", "youtube"),
        ("vimeo.com", "vimeo"),
        ("twitter.com", "twitter"),
        ("x.com", "twitter"),
        ("instagram.com", "instagram"),
        ("facebook.com", "facebook"),
        ("soundcloud.com", "soundcloud"),
        ("spotify.com", "spotify"),
        ("tiktok.com", "tiktok"),
        ("dailymotion.com", "dailymotion"),
        ("wordpress.tv", "wordpress-tv"),
        ("ted.com", "ted"),
        ("codepen.io", "codepen"),
        ("flickr.com", "flickr"),
        ("slideshare.net", "slideshare"),
        ("reddit.com", "reddit"),
        ("twitch.tv", "twitch"),
        ("google.com", "google"),
        ("gist.github.com", "gist"),
    ];
    PROVIDERS
        .iter()
        .find(|(domain, _)| host == *domain || host.ends_with(&format!(".{domain}")))
        .map(|(_, name)| name.to_string())
}
