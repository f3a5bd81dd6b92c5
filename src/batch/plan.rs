//! The first pass over an export, and the plan it makes: what converting an item may look up
//! (attachments, reusable blocks, authors, the site), the post types there are, and for every
//! item to write, in export order, its place on the new site: its file (names claimed in
//! export order, so collisions resolve the same way every run), its slug, its new URL. Links
//! between items then point straight to the new URLs, and old addresses (permalinks, `?p=ID`,
//! earlier slugs, attachment pages) map to them.
//!
//! The plan is not held for pass 2: pass 2 works each item's place out again from the item
//! ([`Placer`]); pass 1 keeps only the names it had to change, so memory does not grow with
//! the export but for the links and the index.

use super::Names;
use super::layout::{self, Place};
use super::links::Links;
use super::select::{Selection, TypeCounts};
use super::source::{ExportError, read_records};
use super::spill::{Spill, SpillWriter};
use crate::read::wordpress::Index;
use crate::read::wxr::{Author, Item, Record, Site};
use crate::shelf::Shelf;
use crate::write::front_matter::Preset;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What pass 1 learns of an export.
pub struct FirstPass {
    /// What items refer to (attachments, reusable blocks).
    pub index: Index,
    pub authors: HashMap<String, Author>,
    pub site: Site,
    /// The post types there are.
    pub types: TypeCounts,
    /// The written items' old addresses and new URLs (none for the generic preset, which
    /// has no site, or without a plan).
    pub links: Links,
    /// What places the items to write in pass 2 as pass 1 did (none without a plan).
    pub placer: Option<Placer>,
    /// The records read, for pass 2 to read again without parsing the export (none where
    /// they could not be written).
    pub spill: Option<Spill>,
}

/// What the plan needs to know: which items are written, where.
#[derive(Clone, Copy)]
pub struct PlanOptions<'a> {
    pub selection: &'a Selection,
    pub preset: Preset,
    pub ascii_slugs: bool,
    /// The content folder.
    pub content: &'a Path,
}

/// An item's place on the new site.
#[derive(Debug, Clone)]
pub struct Planned {
    pub place: Place,
    /// Its file (or, for a bundle, `index.md` in its folder).
    pub file: PathBuf,
    /// The name its file got: its slug on the new site.
    pub slug: String,
    /// The item that had the slug first, when this one got another.
    pub clash: Option<String>,
}

/// What the links need of a placed item, once the whole export is read.
#[derive(serde::Serialize, serde::Deserialize)]
struct Linking {
    id: String,
    /// The item's old address.
    link: String,
    post_name: String,
    old_slugs: Vec<String>,
    parent: u64,
    is_page: bool,
}

/// A placed item as pass 1 keeps it until the links are made (on a [`Shelf`], not in memory:
/// an export's worth of them were 4 to 5 MB of a 500 MB export's peak): its place, the slug it
/// got, and what the links need.
#[derive(serde::Serialize, serde::Deserialize)]
struct Deferred {
    folder: String,
    prefix: String,
    slug: String,
    bundle: bool,
    path: Option<String>,
    slug_got: String,
    linking: Linking,
}

impl Deferred {
    fn new(planned: Planned, linking: Linking) -> Deferred {
        let Planned { place, slug, .. } = planned;
        Deferred {
            folder: place.folder.to_string_lossy().into_owned(),
            prefix: place.prefix,
            slug: place.slug,
            bundle: place.bundle,
            path: place.path,
            slug_got: slug,
            linking,
        }
    }
}

impl Linking {
    fn of(item: &Item) -> Linking {
        Linking {
            id: item.post_id.clone(),
            link: item.link.clone(),
            post_name: item.post_name.clone(),
            old_slugs: item
                .postmeta
                .iter()
                .filter(|m| m.key == "_wp_old_slug")
                .map(|m| m.value.clone())
                .collect(),
            parent: item.post_parent.trim().parse().unwrap_or(0),
            is_page: item.post_type == "page",
        }
    }
}

/// The categories and tags of a published post (each generator has a page for those):
/// taxonomy, WordPress slug, name.
fn post_terms(item: &Item) -> impl Iterator<Item = (&'static str, &str, String)> {
    let published = item.post_type == "post" && matches!(item.status.as_str(), "" | "publish");
    item.terms
        .iter()
        .filter(move |_| published)
        .filter_map(|t| {
            let taxonomy = match t.domain.as_str() {
                "category" => "category",
                "post_tag" | "tag" => "post_tag",
                _ => return None,
            };
            let name = crate::read::wordpress::decode_entities(&t.name);
            Some((taxonomy, t.slug.as_str(), name))
        })
}

/// Places items as pass 1 placed them, without holding pass 1's plan: an item's place is
/// worked out again from the item; only the names pass 1 had to change (a slug taken by an
/// earlier item) are remembered, by the item's rank among the items written.
pub struct Placer {
    preset: Preset,
    ascii_slugs: bool,
    content: PathBuf,
    /// Pages by id: their parent's id and their slug.
    pages: HashMap<u64, (u64, String)>,
    /// By rank: the file claimed instead of the one wanted, and who had that one (see
    /// [`item_owner`]).
    clashes: HashMap<usize, (PathBuf, u32)>,
    /// The items that had a name another item wanted, by rank: their descriptions, noted in
    /// pass 2 as they come (always before the item that wanted the name).
    firsts: HashMap<u32, Option<String>>,
}

/// Who a name went to, as [`Names`] holds it: an item's rank among those written, or, from
/// the top of the range down, one of the generator's own pages ([`layout::reserved`]).
fn item_owner(rank: usize) -> u32 {
    // Past two billion items, ranks share a number: only a clash's message could tell.
    u32::try_from(rank)
        .ok()
        .filter(|&rank| rank < u32::MAX / 2)
        .unwrap_or(u32::MAX / 2)
}

/// The owner number of the generator's own page `number` (see [`item_owner`]).
fn reserved_owner(number: usize) -> u32 {
    u32::MAX - number as u32
}

impl Placer {
    /// Notes what pass 2 needs of the item of this rank before placing it (and the items
    /// after it): its description, if it had a name a later item wanted.
    pub fn note(&mut self, rank: usize, item: &Item) {
        if let Some(first) = self.firsts.get_mut(&item_owner(rank)) {
            *first = Some(item.describe());
        }
    }

    /// Who had the name an item wanted.
    fn owner(&self, owner: u32) -> String {
        let reserved = layout::reserved(self.preset);
        match reserved.get((u32::MAX - owner) as usize) {
            Some(name) => format!("the generator's own `/{name}/` pages"),
            None => self
                .firsts
                .get(&owner)
                .cloned()
                .flatten()
                .unwrap_or_else(|| format!("item {} among those written", owner as u64 + 1)),
        }
    }

    /// The place of the item of this rank among those written (in export order).
    pub fn place(&self, rank: usize, item: &Item, options: &PlanOptions<'_>) -> Planned {
        let place = layout::place_of_item(item, options.preset, options.ascii_slugs);
        let (claimed, clash) = match self.clashes.get(&rank) {
            Some((claimed, first)) => (claimed.clone(), Some(self.owner(*first))),
            None => {
                let folder = self.content.join(&place.folder);
                (
                    Names::wanted(&folder, &place.name(), extension(&place)),
                    None,
                )
            }
        };
        let mut planned = Planned::new(place, claimed, clash);
        let parent = item.post_parent.trim().parse().unwrap_or(0);
        self.set_page_path(&mut planned, item.post_type == "page", parent);
        planned
    }

    /// A page's address under its parents (once every page is known).
    fn set_page_path(&self, planned: &mut Planned, is_page: bool, parent: u64) {
        if self.preset != Preset::Generic && is_page {
            let place = &mut planned.place;
            place.path = layout::path_under(&self.parents(parent), &place.slug, self.ascii_slugs);
        }
    }

    /// A page's parents' slugs, the root's first; bounded, and safe from loops of parents.
    fn parents(&self, parent: u64) -> Vec<String> {
        let mut slugs = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut parent = parent;
        while parent != 0 && seen.insert(parent) && slugs.len() < 32 {
            let Some((grandparent, slug)) = self.pages.get(&parent) else {
                break;
            };
            slugs.push(slug.clone());
            parent = *grandparent;
        }
        slugs.reverse();
        slugs
    }
}

/// A file for a post, or a folder for a bundle.
fn extension(place: &Place) -> Option<&'static str> {
    (!place.bundle).then_some("md")
}

impl Planned {
    /// The plan for an item at `place` that got the file or folder `claimed`.
    fn new(place: Place, claimed: PathBuf, clash: Option<String>) -> Planned {
        let stem = if place.bundle {
            claimed.file_name()
        } else {
            claimed.file_stem()
        }
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
        let slug = stem
            .strip_prefix(&place.prefix)
            .unwrap_or(&stem)
            .to_string();
        let file = if place.bundle {
            claimed.join("index.md")
        } else {
            claimed
        };
        Planned {
            place,
            file,
            slug,
            clash,
        }
    }
}

/// Pass 1's placing: claims names in export order, so that collisions resolve the same way
/// every run.
struct Planner {
    names: Names,
    placer: Placer,
    /// Items claimed so far.
    rank: usize,
}

impl Planner {
    fn new(options: &PlanOptions<'_>) -> Planner {
        let mut names = Names::default();
        let root = options.content.join(layout::root_folder(options.preset));
        for (number, name) in layout::reserved(options.preset).iter().enumerate() {
            names.claim_for(&root, name, None, reserved_owner(number));
            names.claim_for(&root, name, Some("md"), reserved_owner(number));
        }
        Planner {
            names,
            placer: Placer {
                preset: options.preset,
                ascii_slugs: options.ascii_slugs,
                content: options.content.to_path_buf(),
                pages: HashMap::new(),
                clashes: HashMap::new(),
                firsts: HashMap::new(),
            },
            rank: 0,
        }
    }

    /// Claims the candidate's file name. A page's address under its parents is set apart
    /// (see [`Placer::set_page_path`]): its parents may come later in the export.
    fn claim(&mut self, place: Place) -> Planned {
        let folder = self.placer.content.join(&place.folder);
        let owner = item_owner(self.rank);
        let (claimed, clash) =
            self.names
                .claim_for(&folder, &place.name(), extension(&place), owner);
        if let Some(first) = clash {
            self.placer
                .clashes
                .insert(self.rank, (claimed.clone(), first));
            self.placer.firsts.insert(first, None);
        }
        self.rank += 1;
        // Pass 1 does not say who had a name (pass 2 does; see `Placer::note`).
        Planned::new(place, claimed, None)
    }
}

/// Pass 1: reads the whole export once for what converting an item may look up, and, given
/// plan options, places every item they write; it keeps the records for pass 2 (see
/// [`super::spill`]). Names are claimed as items arrive (in export order); what needs the
/// whole export (a page's parents, the links) is done after the pass from what each item
/// left: the export's items are not held.
pub fn first_pass(
    inputs: &[PathBuf],
    options: Option<PlanOptions<'_>>,
) -> Result<FirstPass, ExportError> {
    let mut types = TypeCounts::new();
    let mut index = Index::default();
    let mut authors: HashMap<String, Author> = HashMap::new();
    let mut planner = options.as_ref().map(Planner::new);
    let mut deferred = Shelf::new();
    // The pages of the categories and tags of the posts written, by the first that has it.
    let mut terms: HashMap<(&'static str, String), String> = HashMap::new();
    // Attachments' ids, page addresses and files.
    let mut attachments = Shelf::new();
    // The generic preset has no site: no page paths, no links (nor what they need).
    let linked = options
        .as_ref()
        .is_some_and(|options| options.preset != Preset::Generic);
    let mut spill = SpillWriter::new();
    // Pass 2 counts the items the selection skips, and names them: that is all it reads of them.
    let skipped = |item: &Item| {
        options
            .as_ref()
            .is_some_and(|options| options.selection.skip_reason(item).is_some())
    };
    let site = read_records(inputs, Some(&mut spill), skipped, |record| match record {
        Record::Item(item) => {
            *types.entry(item.post_type.clone()).or_default() += 1;
            index.add(&item);
            let (Some(options), Some(planner)) = (&options, &mut planner) else {
                return;
            };
            if linked
                && item.post_type == "page"
                && let Ok(id) = item.post_id.parse::<u64>()
            {
                let parent = item.post_parent.trim().parse().unwrap_or(0);
                planner
                    .placer
                    .pages
                    .insert(id, (parent, item.post_name.clone()));
            }
            if linked && item.post_type == "attachment" {
                let file = if item.attachment_url.is_empty() {
                    &item.guid
                } else {
                    &item.attachment_url
                };
                attachments.put(&(&item.post_id, &item.link, file));
            }
            if options.selection.skip_reason(&item).is_none() {
                if linked {
                    for (taxonomy, slug, name) in post_terms(&item) {
                        let key = super::links::term_key(slug);
                        if !key.is_empty()
                            && !terms.contains_key(&(taxonomy, key.clone()))
                            && let Some(page) = layout::term_url(options.preset, taxonomy, &name)
                        {
                            terms.insert((taxonomy, key), page);
                        }
                    }
                }
                let place = layout::place_of_item(&item, options.preset, options.ascii_slugs);
                let planned = planner.claim(place);
                if linked {
                    deferred.put(&Deferred::new(planned, Linking::of(&item)));
                }
            }
        }
        Record::Author(author) => {
            authors.insert(author.login.clone(), author);
        }
        _ => {}
    })?;
    // Without a site, links stay as they are.
    let mut links = match linked {
        true => Links::new(&site.link),
        false => Links::default(),
    };
    for ((taxonomy, key), page) in terms {
        links.add_term(taxonomy, &key, page);
    }
    let placer = planner.map(|planner| planner.placer);
    if let (Some(options), Some(placer)) = (&options, &placer) {
        let preset = options.preset;
        let unreadable = |error: std::io::Error| ExportError {
            path: inputs
                .first()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            message: format!("cannot read back pass 1's temporary list of items: {error}"),
        };
        for deferred in deferred.values::<Deferred>() {
            let Deferred {
                folder,
                prefix,
                slug,
                bundle,
                path,
                slug_got,
                linking,
            } = deferred.map_err(unreadable)?;
            let place = Place {
                folder: PathBuf::from(folder),
                prefix,
                slug,
                bundle,
                path,
            };
            let mut planned = Planned {
                place,
                file: PathBuf::new(),
                slug: slug_got,
                clash: None,
            };
            placer.set_page_path(&mut planned, linking.is_page, linking.parent);
            let old = crate::read::old_path(&linking.link, &site.link)
                .filter(|old| !layout::is_reserved(old, preset));
            let new = layout::new_url(&planned.place, &planned.slug, preset, old.as_deref());
            links.add(
                &linking.id,
                &linking.link,
                &linking.post_name,
                &linking.old_slugs,
                new.as_deref(),
            );
        }
        for attachment in attachments.values::<(String, String, String)>() {
            let (id, link, file) = attachment.map_err(unreadable)?;
            links.add_attachment(&id, &link, &file);
        }
    }
    Ok(FirstPass {
        index,
        authors,
        site,
        types,
        links,
        placer,
        spill: spill.finish(),
    })
}
