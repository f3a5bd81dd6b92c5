//! Addressing the prose of a document: blocks that hold inlines, the text runs inside them,
//! and edits to both.
//!
//! A block path is a list of indexes: the top-level block, then for a list the item and the
//! block inside it, for a quote the block inside it, for a table the row (header rows first),
//! the cell and the block inside it. Code, raw HTML and images are not text runs.

use crate::model::{Block, Document, Inline};

/// Where a text run is: its block, then the path through nested inlines.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TextRef {
    pub block: Vec<usize>,
    pub inline: Vec<usize>,
}

/// One `Inline::Text` of a block.
#[derive(Debug, Clone)]
pub struct TextRun<'a> {
    pub at: TextRef,
    pub text: &'a str,
    /// Byte offset of the run in the block's plain text.
    pub offset: usize,
    /// Inside a link: the words are prose, but often a URL or a name to leave alone.
    pub in_link: bool,
    /// Inside bold at the very start of the block (an interview's speaker label).
    pub in_leading_strong: bool,
    /// The run's words, found once for the rules that look at them.
    words: std::cell::OnceCell<Vec<(usize, &'a str)>>,
}

impl<'a> TextRun<'a> {
    /// The run's words with their byte offsets (see [`words`](crate::normalize::rules::words)).
    pub fn words(&self) -> &[(usize, &'a str)] {
        self.words
            .get_or_init(|| crate::normalize::rules::words(self.text))
    }
}

/// A block holding inlines: paragraph, heading, or a paragraph inside a list, quote or cell.
#[derive(Debug)]
pub struct TextBlock<'a> {
    pub path: Vec<usize>,
    pub block: &'a Block,
    pub inlines: &'a [Inline],
    pub runs: Vec<TextRun<'a>>,
    /// The block's plain text.
    pub text: String,
    /// A heading, not a paragraph.
    pub heading: bool,
    /// At the top level of the document (not in a list, quote or table).
    pub top_level: bool,
}

/// Every block of the document that holds prose, in reading order.
pub fn text_blocks(document: &Document) -> Vec<TextBlock<'_>> {
    let mut out = Vec::new();
    walk(&document.blocks, &mut Vec::new(), &mut out);
    out
}

fn walk<'a>(blocks: &'a [Block], path: &mut Vec<usize>, out: &mut Vec<TextBlock<'a>>) {
    for (index, block) in blocks.iter().enumerate() {
        path.push(index);
        match block {
            Block::Paragraph { content } | Block::Heading { content, .. } => {
                let mut runs = Vec::new();
                let mut text = String::new();
                collect_runs(
                    content,
                    path,
                    &mut Vec::new(),
                    false,
                    true,
                    &mut text,
                    &mut runs,
                );
                out.push(TextBlock {
                    path: path.clone(),
                    block,
                    inlines: content,
                    runs,
                    text,
                    heading: matches!(block, Block::Heading { .. }),
                    top_level: path.len() == 1,
                });
            }
            Block::List(list) => {
                for (item_index, item) in list.items.iter().enumerate() {
                    path.push(item_index);
                    walk(&item.blocks, path, out);
                    path.pop();
                }
            }
            Block::BlockQuote { blocks, .. } => walk(blocks, path, out),
            Block::Table(table) => {
                for (row_index, row) in table.head.iter().chain(&table.body).enumerate() {
                    path.push(row_index);
                    for (cell_index, cell) in row.cells.iter().enumerate() {
                        path.push(cell_index);
                        walk(&cell.blocks, path, out);
                        path.pop();
                    }
                    path.pop();
                }
            }
            _ => {}
        }
        path.pop();
    }
}

fn collect_runs<'a>(
    inlines: &'a [Inline],
    block: &[usize],
    inline_path: &mut Vec<usize>,
    in_link: bool,
    at_start: bool,
    text: &mut String,
    runs: &mut Vec<TextRun<'a>>,
) {
    for (index, inline) in inlines.iter().enumerate() {
        inline_path.push(index);
        match inline {
            Inline::Text { text: run } => {
                runs.push(TextRun {
                    at: TextRef {
                        block: block.to_vec(),
                        inline: inline_path.clone(),
                    },
                    text: run,
                    offset: text.len(),
                    in_link,
                    in_leading_strong: false,
                    words: Default::default(),
                });
                text.push_str(run);
            }
            Inline::Code { text: code } => text.push_str(code),
            Inline::LineBreak => text.push('\n'),
            Inline::Image { alt, .. } => text.push_str(alt),
            Inline::RawHtml { .. } => {}
            Inline::Strong { content } if at_start && index == 0 => {
                let first = runs.len();
                collect_runs(content, block, inline_path, in_link, false, text, runs);
                for run in &mut runs[first..] {
                    run.in_leading_strong = true;
                }
            }
            other => {
                let link = in_link || matches!(other, Inline::Link { .. });
                if let Some(children) = other.children() {
                    collect_runs(children, block, inline_path, link, false, text, runs);
                }
            }
        }
        inline_path.pop();
    }
}

/// The blocks vector holding the block at `path`, and its index there.
fn container_mut<'a>(
    blocks: &'a mut Vec<Block>,
    path: &[usize],
) -> Option<(&'a mut Vec<Block>, usize)> {
    let (&first, rest) = path.split_first()?;
    if rest.is_empty() {
        return (first < blocks.len()).then_some((blocks, first));
    }
    match blocks.get_mut(first)? {
        Block::List(list) => {
            let (&item, rest) = rest.split_first()?;
            container_mut(&mut list.items.get_mut(item)?.blocks, rest)
        }
        Block::BlockQuote { blocks, .. } => container_mut(blocks, rest),
        Block::Table(table) => {
            let (&row, rest) = rest.split_first()?;
            let (&cell, rest) = rest.split_first()?;
            let heads = table.head.len();
            let row = if row < heads {
                table.head.get_mut(row)?
            } else {
                table.body.get_mut(row - heads)?
            };
            container_mut(&mut row.cells.get_mut(cell)?.blocks, rest)
        }
        _ => None,
    }
}

/// Replaces a byte range of a text run. False when the run or range is no longer there.
pub fn replace(
    document: &mut Document,
    at: &TextRef,
    range: std::ops::Range<usize>,
    replacement: &str,
) -> bool {
    let Some((blocks, index)) = container_mut(&mut document.blocks, &at.block) else {
        return false;
    };
    let content = match &mut blocks[index] {
        Block::Paragraph { content } | Block::Heading { content, .. } => content,
        _ => return false,
    };
    let mut inlines = content;
    let (last, parents) = match at.inline.split_last() {
        Some(split) => split,
        None => return false,
    };
    for &step in parents {
        let Some(children) = inlines.get_mut(step).and_then(Inline::children_mut) else {
            return false;
        };
        inlines = children;
    }
    match inlines.get_mut(*last) {
        Some(Inline::Text { text })
            if range.end <= text.len()
                && text.is_char_boundary(range.start)
                && text.is_char_boundary(range.end) =>
        {
            text.replace_range(range, replacement);
            true
        }
        _ => false,
    }
}

/// Replaces the block at `path` with `replacement` (none: removes it).
pub fn replace_block(document: &mut Document, path: &[usize], replacement: Vec<Block>) -> bool {
    let Some((blocks, index)) = container_mut(&mut document.blocks, path) else {
        return false;
    };
    blocks.splice(index..=index, replacement);
    true
}
