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
    owner: String,
    place: Place,
    linking: Linking,
}

/// What the links need of a placed item, once the whole export is read.
struct Linking {
    link: String,
    post_name: String,
    old_slugs: Vec<String>,
    parent: u64,
    is_page: bool,
}

impl Candidate {
    fn of(item: &Item, options: &PlanOptions<'_>) -> Candidate {
        Candidate {
            id: item.post_id.clone(),
            owner: item.describe(),
            place: layout::place_of_item(item, options.preset, options.ascii_slugs),
            linking: Linking {
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
            },
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
    fn new(options: &PlanOptions<'_>) -> Planner {
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
            pages: HashMap::new(),
        }
    }

    /// Claims the candidate's file name (names are claimed in export order, so that
    /// collisions resolve the same way every run). A page's address under its parents is
    /// set apart (see [`Planner::set_page_path`]): its parents may come later in the export.
    fn claim(&mut self, candidate: &Candidate) -> Planned {
        let place = &candidate.place;
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
        Planned {
            id: candidate.id.clone(),
            place: place.clone(),
            file,
            slug,
            clash,
        }
    }

    /// A page's address under its parents (once every page is known).
    fn set_page_path(&self, planned: &mut Planned, is_page: bool, parent: u64) {
        if self.preset != Preset::Generic && is_page {
            let place = &mut planned.place;
            place.path = layout::path_under(&self.parents(parent), &place.slug, self.ascii_slugs);
        }
    }

    /// The place of an item the plan did not foresee (it cannot happen when both passes read
    /// the same export; kept so that it never misnames a file if it does).
    pub fn place(&mut self, item: &Item, options: &PlanOptions<'_>) -> Planned {
        let candidate = Candidate::of(item, options);
        let mut planned = self.claim(&candidate);
        self.set_page_path(
            &mut planned,
            candidate.linking.is_page,
            candidate.linking.parent,
        );
        planned
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
/// plan options, places every item they write. Names are claimed as items arrive (in export
/// order); what needs the whole export (a page's parents, the links) is done after the pass
/// from what each item left: the export's items are not held.
pub fn first_pass(
    inputs: &[PathBuf],
    options: Option<PlanOptions<'_>>,
) -> Result<FirstPass, ExportError> {
    let mut types = TypeCounts::new();
    let mut index = Index::default();
    let mut authors: HashMap<String, Author> = HashMap::new();
    let mut planner = options.as_ref().map(Planner::new);
    let mut planned: Vec<(Planned, Linking)> = Vec::new();
    // The pages of the categories and tags of the posts written, by the first that has it.
    let mut terms: HashMap<(&'static str, String), String> = HashMap::new();
    // Attachments' ids, page addresses and files.
    let mut attachments: Vec<(String, String, String)> = Vec::new();
    let site = read_records(inputs, |record| match record {
        Record::Item(item) => {
            *types.entry(item.post_type.clone()).or_default() += 1;
            index.add(&item);
            let (Some(options), Some(planner)) = (&options, &mut planner) else {
                return;
            };
            if item.post_type == "page"
                && let Ok(id) = item.post_id.parse::<u64>()
            {
                let parent = item.post_parent.trim().parse().unwrap_or(0);
                planner.pages.insert(id, (parent, item.post_name.clone()));
            }
            if item.post_type == "attachment" {
                let file = if item.attachment_url.is_empty() {
                    &item.guid
                } else {
                    &item.attachment_url
                };
                attachments.push((item.post_id.clone(), item.link.clone(), file.clone()));
            }
            if options.selection.skip_reason(&item).is_none() {
                let candidate = Candidate::of(&item, options);
                if options.preset != Preset::Generic {
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
                planned.push((planner.claim(&candidate), candidate.linking));
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
    for ((taxonomy, key), page) in terms {
        links.add_term(taxonomy, &key, page);
    }
    let mut plan = VecDeque::with_capacity(planned.len());
    if let (Some(options), Some(planner)) = (&options, &planner) {
        let preset = options.preset;
        for (mut planned, linking) in planned {
            planner.set_page_path(&mut planned, linking.is_page, linking.parent);
            if preset != Preset::Generic {
                let old = crate::read::old_path(&linking.link, &site.link)
                    .filter(|old| !layout::is_reserved(old, preset));
                let new = layout::new_url(&planned.place, &planned.slug, preset, old.as_deref());
                links.add(
                    &planned.id,
                    &linking.link,
                    &linking.post_name,
                    &linking.old_slugs,
                    new.as_deref(),
                );
            }
            plan.push_back(planned);
        }
        if preset != Preset::Generic {
            for (id, link, file) in &attachments {
                links.add_attachment(id, link, file);
            }
        }
    }
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
