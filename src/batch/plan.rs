//! The first pass over an export, and the plan it makes: what converting an item may look up
//! (attachments, reusable blocks, authors, the site), the post types there are, and for every
//! item to write, in export order, its place on the new site: its file (names claimed in
//! export order, so collisions resolve the same way every run), its slug, its new URL. Links
//! between items then point straight to the new URLs, and old addresses (permalinks, `?p=ID`,
//! earlier slugs, attachment pages) map to them.

use super::Names;
use super::layout::{self, Place};
use super::links::Links;
use super::select::{Selection, TypeCounts};
use super::source::{ExportError, read_records};
use crate::read::wordpress::Index;
use crate::read::wxr::{Author, Item, Record, Site};
use crate::write::front_matter::Preset;
use std::collections::{HashMap, VecDeque};
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
    /// Every item to write, in export order, with its place (empty without a plan).
    pub plan: VecDeque<Planned>,
    /// Names the plan handed out, and what places the items the plan did not foresee.
    pub planner: Option<Planner>,
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
    /// The WordPress id of the item it is for.
    pub id: String,
    pub place: Place,
    /// Its file (or, for a bundle, `index.md` in its folder).
    pub file: PathBuf,
    /// The name its file got: its slug on the new site.
    pub slug: String,
    /// The item that had the slug first, when this one got another.
    pub clash: Option<String>,
}

/// An item to place: what the plan takes from it.
struct Candidate {
    id: String,
    link: String,
    post_name: String,
    old_slugs: Vec<String>,
    parent: u64,
    is_page: bool,
    owner: String,
    place: Place,
    /// The categories and tags of a published post (each generator has a page for those):
    /// taxonomy, WordPress slug, name.
    terms: Vec<(&'static str, String, String)>,
}

impl Candidate {
    fn of(item: &Item, options: &PlanOptions<'_>) -> Candidate {
        Candidate {
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
            owner: item.describe(),
            place: layout::place_of_item(item, options.preset, options.ascii_slugs),
            terms: if item.post_type == "post" && matches!(item.status.as_str(), "" | "publish") {
                item.terms
                    .iter()
                    .filter_map(|t| {
                        let taxonomy = match t.domain.as_str() {
                            "category" => "category",
                            "post_tag" | "tag" => "post_tag",
                            _ => return None,
                        };
                        let name = crate::read::wordpress::decode_entities(&t.name);
                        Some((taxonomy, t.slug.clone(), name))
                    })
                    .collect()
            } else {
                Vec::new()
            },
        }
    }
}

/// Places items: claims their names, puts child pages under their parents.
pub struct Planner {
    preset: Preset,
    ascii_slugs: bool,
    content: PathBuf,
    names: Names,
    /// Pages by id: their parent's id and their slug.
    pages: HashMap<u64, (u64, String)>,
}

impl Planner {
    fn new(options: &PlanOptions<'_>, pages: HashMap<u64, (u64, String)>) -> Planner {
        let mut names = Names::default();
        let root = options.content.join(layout::root_folder(options.preset));
        for name in layout::reserved(options.preset) {
            let owner = format!("the generator's own `/{name}/` pages");
            names.claim_for(&root, name, None, &owner);
            names.claim_for(&root, name, Some("md"), &owner);
        }
        Planner {
            preset: options.preset,
            ascii_slugs: options.ascii_slugs,
            content: options.content.to_path_buf(),
            names,
            pages,
        }
    }

    fn plan(&mut self, mut candidate: Candidate) -> (Planned, Candidate) {
        let place = &mut candidate.place;
        if self.preset != Preset::Generic && candidate.is_page {
            place.path = layout::path_under(
                &self.parents(candidate.parent),
                &place.slug,
                self.ascii_slugs,
            );
        }
        let folder = self.content.join(&place.folder);
        let (claimed, clash) = if place.bundle {
            self.names
                .claim_for(&folder, &place.name(), None, &candidate.owner)
        } else {
            self.names
                .claim_for(&folder, &place.name(), Some("md"), &candidate.owner)
        };
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
        let planned = Planned {
            id: candidate.id.clone(),
            place: place.clone(),
            file,
            slug,
            clash,
        };
        (planned, candidate)
    }

    /// The place of an item the plan did not foresee (it cannot happen when both passes read
    /// the same export; kept so that it never misnames a file if it does).
    pub fn place(&mut self, item: &Item, options: &PlanOptions<'_>) -> Planned {
        self.plan(Candidate::of(item, options)).0
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

/// Pass 1: reads the whole export once for what converting an item may look up, and, given
/// plan options, places every item they write.
pub fn first_pass(
    inputs: &[PathBuf],
    options: Option<PlanOptions<'_>>,
) -> Result<FirstPass, ExportError> {
    let mut types = TypeCounts::new();
    let mut pages = HashMap::new();
    let mut index = Index::default();
    let mut authors: HashMap<String, Author> = HashMap::new();
    let mut candidates: Vec<Candidate> = Vec::new();
    // Attachments' ids, page addresses and files.
    let mut attachments: Vec<(String, String, String)> = Vec::new();
    let site = read_records(inputs, |record| match record {
        Record::Item(item) => {
            *types.entry(item.post_type.clone()).or_default() += 1;
            index.add(&item);
            if item.post_type == "page"
                && let Ok(id) = item.post_id.parse::<u64>()
            {
                let parent = item.post_parent.trim().parse().unwrap_or(0);
                pages.insert(id, (parent, item.post_name.clone()));
            }
            let Some(options) = &options else {
                return;
            };
            if item.post_type == "attachment" {
                let file = if item.attachment_url.is_empty() {
                    &item.guid
                } else {
                    &item.attachment_url
                };
                attachments.push((item.post_id.clone(), item.link.clone(), file.clone()));
            }
            if options.selection.skip_reason(&item).is_none() {
                candidates.push(Candidate::of(&item, options));
            }
        }
        Record::Author(author) => {
            authors.insert(author.login.clone(), author);
        }
        _ => {}
    })?;
    // The generic preset has no site: its links stay as they are.
    let mut links = match &options {
        Some(options) if options.preset != Preset::Generic => Links::new(&site.link),
        _ => Links::default(),
    };
    let mut plan = VecDeque::with_capacity(candidates.len());
    let planner = options.map(|options| {
        let mut planner = Planner::new(&options, pages);
        let preset = options.preset;
        for candidate in candidates {
            let (planned, candidate) = planner.plan(candidate);
            if preset != Preset::Generic {
                let old = crate::read::old_path(&candidate.link, &site.link)
                    .filter(|old| !layout::is_reserved(old, preset));
                let new = layout::new_url(&planned.place, &planned.slug, preset, old.as_deref());
                links.add(
                    &candidate.id,
                    &candidate.link,
                    &candidate.post_name,
                    &candidate.old_slugs,
                    new.as_deref(),
                );
                for (taxonomy, slug, name) in &candidate.terms {
                    if let Some(page) = layout::term_url(preset, taxonomy, name) {
                        links.add_term(taxonomy, slug, page);
                    }
                }
            }
            plan.push_back(planned);
        }
        if preset != Preset::Generic {
            for (id, link, file) in &attachments {
                links.add_attachment(id, link, file);
            }
        }
        planner
    });
    Ok(FirstPass {
        index,
        authors,
        site,
        types,
        links,
        plan,
        planner,
    })
}
