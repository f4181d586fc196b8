//! Rows grouped by the post they are linked to. The Leads and Deals data sheets and the Lineage sheet
//! are written in the order of their linked post (the Posts sheet's order), then in their own order,
//! rows linked to no post last; each post's figures on the Posts sheet then count or sum its own
//! contiguous rows (`'Leads data'!$N$120:$N$135`) instead of whole columns, so a spreadsheet's work
//! grows with the rows, not with posts x rows. Not for what the rows hold (data.rs, lineage.rs).

use std::collections::HashMap;
use std::ops::Range;

use crate::model::Dataset;

/// Post ids to their index in `Dataset::posts`; an id given twice is its last post, as the Posts
/// sheet's figures count it (`metrics::posts`).
pub struct PostIndex<'d>(HashMap<&'d str, usize>);

impl<'d> PostIndex<'d> {
    pub fn of(dataset: &'d Dataset) -> PostIndex<'d> {
        let mut index = HashMap::with_capacity(dataset.posts.len());
        for (i, post) in dataset.posts.iter().enumerate() {
            index.insert(post.post_id.as_str(), i);
        }
        PostIndex(index)
    }

    /// The index of the post `id`, `None` for no post or one not among the posts.
    pub fn get(&self, id: Option<&str>) -> Option<usize> {
        id.and_then(|id| self.0.get(id).copied())
    }
}

/// A table's rows in the order they are written, grouped by post, and where each post's rows stand.
#[derive(Debug, Clone, Default)]
pub struct Grouped {
    /// Indices of the table's rows (records, lineage lines) in the order written.
    pub order: Vec<usize>,
    spans: PostSpans,
}

impl Grouped {
    /// Groups rows by `posts[i]`, the post index of row `i` (`None`: no post); `post_count` posts.
    /// Stable: within a post, and among rows of no post (written last), rows keep their order.
    pub fn new(posts: &[Option<usize>], post_count: usize) -> Grouped {
        let mut counts = vec![0usize; post_count + 1];
        let slot = |post: Option<usize>| post.filter(|&p| p < post_count).unwrap_or(post_count);
        for &post in posts {
            counts[slot(post)] += 1;
        }
        let mut starts = Vec::with_capacity(counts.len());
        let mut next = 0;
        for count in &counts {
            starts.push(next);
            next += count;
        }
        let spans = (0..post_count)
            .map(|p| (counts[p] > 0).then(|| starts[p]..starts[p] + counts[p]))
            .collect();
        let mut order = vec![0; posts.len()];
        for (row, &post) in posts.iter().enumerate() {
            let at = &mut starts[slot(post)];
            order[*at] = row;
            *at += 1;
        }
        Grouped {
            order,
            spans: PostSpans(spans),
        }
    }

    /// Where each post's rows stand.
    pub fn spans(&self) -> &PostSpans {
        &self.spans
    }
}

/// Per post (index in `Dataset::posts`), the positions of its rows among the written rows.
#[derive(Debug, Clone, Default)]
pub struct PostSpans(Vec<Option<Range<usize>>>);

impl PostSpans {
    /// The first and last sheet row (1-based, below the header row) of the post's rows; `None`
    /// when no row is linked to it.
    pub fn rows(&self, post: usize) -> Option<(u32, u32)> {
        let span = self.0.get(post)?.as_ref()?;
        Some((span.start as u32 + 2, span.end as u32 + 1))
    }
}

/// Where each post's rows stand on the sheets the Posts sheet's figures read.
#[derive(Debug, Clone, Default)]
pub struct PostRows {
    pub leads: PostSpans,
    pub deals: PostSpans,
    pub lineage: PostSpans,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_group_by_post_in_post_order_and_rows_of_no_post_come_last() {
        // Rows 0..6 linked to posts 1, none, 0, 1, 3 (no such post among 3), 0.
        let posts = [Some(1), None, Some(0), Some(1), Some(3), Some(0)];
        let grouped = Grouped::new(&posts, 3);
        assert_eq!(grouped.order, [2, 5, 0, 3, 1, 4]);
        let spans = grouped.spans();
        // Post 0: written rows 0 and 1, sheet rows 2 and 3 under the header.
        assert_eq!(spans.rows(0), Some((2, 3)));
        assert_eq!(spans.rows(1), Some((4, 5)));
        assert_eq!(spans.rows(2), None, "post 2 has no row");
        assert_eq!(spans.rows(3), None, "not a post");
    }

    #[test]
    fn no_rows_and_no_posts_group_to_nothing() {
        let grouped = Grouped::new(&[], 2);
        assert!(grouped.order.is_empty());
        assert_eq!(grouped.spans().rows(0), None);
        let grouped = Grouped::new(&[None, None], 0);
        assert_eq!(grouped.order, [0, 1]);
    }
}
