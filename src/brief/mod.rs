//! The brief (SPEC section 11): the one page a manager reads, in a browser or printed on one A4
//! landscape page. This module holds its building blocks; it computes no figure of its own (every
//! number it shows comes to it already made and formatted).

pub mod chart;
