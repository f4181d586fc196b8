//! The rows behind a figure, for `kpibook explain`: which cost rows, leads, deals and credit lines a
//! count or a sum is made of. The selections follow the rules `figures` counts by (each event by its
//! own date; per channel by the lead's acquisition channel, `unattributed` for deals without a lead),
//! and tests hold the two to the same numbers.

use super::{deal_channel, in_period, MetricsInput};
use crate::attribution::CreditLine;
use crate::config::Period;
use crate::model::DealStatus;

/// A channel filter: `None` = every channel, `Sns` = the SNS channels, `One` = one channel id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    All,
    Sns,
    One(&'a str),
}

impl Scope<'_> {
    fn admits(&self, input: &MetricsInput, channel: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Sns => input.config.is_sns(channel),
            Scope::One(id) => *id == channel,
        }
    }
}

/// Indexes of the cost rows counted in the period.
pub fn cost_rows(input: &MetricsInput, period: Option<Period>, scope: Scope) -> Vec<usize> {
    input
        .dataset
        .costs
        .iter()
        .enumerate()
        .filter(|(_, c)| in_period(period, c.month) && scope.admits(input, &c.channel.id))
        .map(|(i, _)| i)
        .collect()
}

/// Indexes (into `Dataset::leads`) of leads created in the period. With `Scope::Sns` these are the
/// SNS-attributed leads (`sns_leads`), not only those acquired on an SNS channel.
pub fn lead_rows(input: &MetricsInput, period: Option<Period>, scope: Scope) -> Vec<usize> {
    input
        .links
        .leads
        .iter()
        .filter(|l| {
            let lead = &input.dataset.leads[l.lead_index];
            in_period(period, lead.created_at.date())
                && match scope {
                    Scope::Sns => l.sns,
                    _ => scope.admits(input, &l.acquisition_channel),
                }
        })
        .map(|l| l.lead_index)
        .collect()
}

/// Indexes of leads that became MQL in the period.
pub fn mql_rows(input: &MetricsInput, period: Option<Period>, scope: Scope) -> Vec<usize> {
    input
        .links
        .leads
        .iter()
        .filter(|l| {
            let lead = &input.dataset.leads[l.lead_index];
            lead.mql_at.is_some_and(|d| in_period(period, d))
                && scope.admits(input, &l.acquisition_channel)
        })
        .map(|l| l.lead_index)
        .collect()
}

/// Indexes of deals created in the period (opportunities).
pub fn opportunity_rows(input: &MetricsInput, period: Option<Period>, scope: Scope) -> Vec<usize> {
    deal_rows(input, scope, |d| in_period(period, d.created_at))
}

/// Indexes of won deals closed in the period.
pub fn won_rows(input: &MetricsInput, period: Option<Period>, scope: Scope) -> Vec<usize> {
    deal_rows(input, scope, |d| {
        d.status == DealStatus::Won && d.closed_at.is_some_and(|c| in_period(period, c))
    })
}

/// Indexes of lost deals closed in the period.
pub fn lost_rows(input: &MetricsInput, period: Option<Period>, scope: Scope) -> Vec<usize> {
    deal_rows(input, scope, |d| {
        d.status == DealStatus::Lost && d.closed_at.is_some_and(|c| in_period(period, c))
    })
}

fn deal_rows(
    input: &MetricsInput,
    scope: Scope,
    keep: impl Fn(&crate::model::Deal) -> bool,
) -> Vec<usize> {
    input
        .dataset
        .deals
        .iter()
        .enumerate()
        .filter(|(_, d)| keep(d) && scope.admits(input, &deal_channel(input, d.lead_id.as_deref())))
        .map(|(i, _)| i)
        .collect()
}

/// Credit lines of `model` for won deals closed in the period, on the scope's channels.
pub fn credit_lines<'a>(
    input: &'a MetricsInput,
    model: &str,
    period: Option<Period>,
    scope: Scope,
) -> Vec<&'a CreditLine> {
    input
        .attribution
        .lines(model)
        .iter()
        .filter(|l| in_period(period, l.closed_at) && scope.admits(input, &l.channel))
        .collect()
}
