//! The report's shared figure vocabulary as Excel formulas: each figure that several sheets show
//! (cost, leads, won, revenue, attributed figures, ratios, ROI, LTV, the no-cost guards) as
//! COUNTIFS / SUMIFS over the data sheets and the Lineage sheet, with the period bounds, gross
//! margin and model taken from named cells on the Assumptions sheet, so finance can click a figure
//! and see what it is made of. A formula only one sheet uses sits in that sheet's file, in an
//! `impl Formulas` block (Monthly, Posts, KPI tree).
//!
//! A ratio whose denominator is zero is `""` through the formula itself, never #DIV/0!. When the
//! inputs hold no cost row, every formula made from cost gives `""` too (`unless_no_cost`). When
//! formulas cannot be exact (no dated row, so no period; or a table continued on a second sheet)
//! every builder returns `None` and the cells hold plain values.
//!
//! When the report compares (SPEC section 10), `compared()` is the same builder over the compared
//! period: CompareStart / CompareEnd for the bounds and the Compared lineage sheet for credits, so
//! a compared figure is the formula of the figure beside it with other bounds.

use super::a1::{column_rows, text_literal, whole_column, Bounds, COMPARED_PERIOD, REPORT_PERIOD};
use super::by_post::PostRows;
use super::columns::{
    at, col, Columns, COSTS, CUSTOM, DAILY, DEALS, LEADS, LINEAGE, POSTS, TRAFFIC,
};
use super::names::SheetNames;
use crate::catalog::{Formula, MetricId};

/// The Assumptions input names formulas read (defined in `a1`, the reference grammar).
pub use super::a1::{
    COMPARE_END, COMPARE_START, CV_RATE, GROSS_MARGIN, LIFETIME_MONTHS, MODEL, MONTHLY_CHURN,
    PERIOD_END, PERIOD_START, PURCHASES_PER_CUSTOMER,
};

/// Builds formulas, or nothing when plain values must be written.
#[derive(Debug, Clone)]
pub struct Formulas {
    enabled: bool,
    /// Whether the inputs hold any cost row (`metrics::has_cost_data`).
    has_cost: bool,
    leads: String,
    deals: String,
    costs: String,
    /// The posts data sheet's name, for references to one of its cells.
    pub(super) posts: String,
    daily: String,
    /// Platforms whose post stages come from the daily sheet (`PlatformFigures::from_daily`), as
    /// text literals.
    daily_platforms: Vec<String>,
    custom: String,
    /// The traffic data sheet's name and its number of rows (sessions are summed over its exact
    /// rows: SUMPRODUCT does arithmetic on every cell, the header's included).
    traffic: String,
    traffic_rows: u32,
    lineage: String,
    /// Where each post's leads, deals and lineage rows stand, for the Posts sheet's figures.
    pub(super) post_rows: PostRows,
    /// The days figures count: the report period, or the compared one.
    bounds: Bounds,
    /// The same figures over the compared period, when the report compares (`with_compared`).
    compared: Option<Box<Formulas>>,
}

impl Formulas {
    pub fn new(names: &SheetNames, enabled: bool, has_cost: bool) -> Formulas {
        Formulas {
            enabled,
            has_cost,
            leads: names.data_sheet("leads").to_string(),
            deals: names.data_sheet("deals").to_string(),
            costs: names.data_sheet("costs").to_string(),
            posts: names.data_sheet("posts").to_string(),
            daily: names.data_sheet("daily").to_string(),
            daily_platforms: Vec::new(),
            custom: names.data_sheet("custom").to_string(),
            traffic: names.data_sheet("traffic").to_string(),
            traffic_rows: 0,
            lineage: names.lineage.clone(),
            post_rows: PostRows::default(),
            bounds: REPORT_PERIOD,
            compared: None,
        }
    }

    /// The same builder, with a twin over the compared period (SPEC section 10): its bounds, its
    /// credit lines (the sheet `lineage`, the run's model only) and the platforms whose post
    /// stages come from their daily rows then. The Posts sheet's per-post figures have no twin.
    pub fn with_compared<'a>(
        self,
        lineage: &str,
        daily_platforms: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        let twin = Formulas {
            lineage: lineage.to_string(),
            post_rows: PostRows::default(),
            bounds: COMPARED_PERIOD,
            compared: None,
            ..self.clone()
        }
        .with_daily_platforms(daily_platforms);
        Formulas {
            compared: Some(Box::new(twin)),
            ..self
        }
    }

    /// The formulas over the compared period, when the report compares.
    pub fn compared(&self) -> Option<&Formulas> {
        self.compared.as_deref()
    }

    /// The same builder, for a report whose leads, deals and lineage rows stand grouped by post
    /// where `rows` says.
    pub fn with_post_rows(self, rows: PostRows) -> Self {
        Formulas {
            post_rows: rows,
            ..self
        }
    }

    /// The same builder, for a report whose `platforms` take their post stages from their daily
    /// rows.
    pub fn with_daily_platforms<'a>(self, platforms: impl IntoIterator<Item = &'a str>) -> Self {
        Formulas {
            daily_platforms: platforms.into_iter().map(text_literal).collect(),
            ..self
        }
    }

    /// The same builder, for a report whose traffic data sheet holds `rows` rows.
    pub fn with_traffic_rows(self, rows: u32) -> Self {
        Formulas {
            traffic_rows: rows,
            ..self
        }
    }

    /// Sessions in the period on the channel in `channel_cell` (every channel with `None`): each
    /// traffic row's sessions x its days in the period / its days, as `metrics::channels` counts
    /// them. The overlap `MIN(last, end) - MAX(date, start) + 1`, floored at 0, is written with ABS
    /// (`MIN(a,b) = (a+b-ABS(a-b))/2`), which works cell by cell inside SUMPRODUCT.
    pub fn sessions(&self, channel_cell: Option<&str>) -> Option<String> {
        if self.traffic_rows == 0 {
            return None;
        }
        let rows = (2, self.traffic_rows + 1);
        let column = |field: &str| column_rows(&self.traffic, col(&TRAFFIC, field), rows.0, rows.1);
        let (first, last) = (column("date"), column("last_day"));
        let Bounds { start, end } = self.bounds;
        let overlap = format!(
            "(({last}+{end}-ABS({last}-{end}))/2-({first}+{start}+ABS({first}-{start}))/2+1)"
        );
        let channel = channel_cell
            .map(|c| format!("({}={c})*", column("channel_id")))
            .unwrap_or_default();
        self.make(format!(
            "SUMPRODUCT({channel}{}*(({overlap}+ABS({overlap}))/2)/({last}-{first}+1))",
            column("sessions")
        ))
    }

    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// The days these formulas count.
    pub(super) fn bounds(&self) -> Bounds {
        self.bounds
    }

    pub(super) fn make(&self, formula: String) -> Option<String> {
        self.enabled.then(|| format!("={formula}"))
    }

    /// Whole columns of the data and lineage sheets, by position (`columns::at!`).
    pub(super) fn lead(&self, col: u16) -> String {
        whole_column(&self.leads, col)
    }

    pub(super) fn deal(&self, col: u16) -> String {
        whole_column(&self.deals, col)
    }

    pub(super) fn post(&self, col: u16) -> String {
        whole_column(&self.posts, col)
    }

    pub(super) fn cost_col(&self, col: u16) -> String {
        whole_column(&self.costs, col)
    }

    pub(super) fn lineage_col(&self, col: u16) -> String {
        whole_column(&self.lineage, col)
    }

    /// Rows `rows` (first and last, 1-based) of a column of the Leads data, Deals data or Lineage
    /// sheet.
    pub(super) fn lead_rows(&self, col: u16, (first, last): (u32, u32)) -> String {
        column_rows(&self.leads, col, first, last)
    }

    pub(super) fn deal_rows(&self, col: u16, (first, last): (u32, u32)) -> String {
        column_rows(&self.deals, col, first, last)
    }

    pub(super) fn lineage_rows(&self, col: u16, (first, last): (u32, u32)) -> String {
        column_rows(&self.lineage, col, first, last)
    }

    /// A formula made from cost, as written. With cost data it is unchanged. Without any cost row
    /// cost is unknown, not zero: the formula gives `no_cost` while the costs data sheet holds no
    /// amount, so a recalculation leaves the cell empty where SUMIFS would give 0 and a ratio over
    /// `""` #VALUE!. The guard is written only then, so reports with costs keep their formulas.
    pub(super) fn unless_no_cost(&self, formula: Option<String>, no_cost: &str) -> Option<String> {
        if self.has_cost {
            return formula;
        }
        let formula = Formulas::inner(formula)?;
        self.make(format!(
            "IF(COUNT({})=0,{no_cost},{formula})",
            self.cost_col(at!(COSTS, "amount"))
        ))
    }

    /// Whether the inputs hold any cost row.
    pub fn has_cost(&self) -> bool {
        self.has_cost
    }

    /// A formula made from a channel's cost, for a channel with no cost row while other channels
    /// have some (`metrics::has_channel_cost_data`): empty while the costs data sheet holds no row
    /// of the channel in `channel` (a cell or a literal), where SUMIFS would give 0. Written only
    /// for such channels, so the others keep their formulas.
    pub fn unless_no_channel_cost(&self, formula: Option<String>, channel: &str) -> Option<String> {
        let formula = Formulas::inner(formula)?;
        self.make(format!(
            "IF(COUNTIFS({},{channel})=0,\"\",{formula})",
            self.cost_col(at!(COSTS, "channel_id"))
        ))
    }

    /// Sum of cost rows of the period on the channel in `channel_cell`.
    pub fn cost(&self, channel_cell: &str) -> Option<String> {
        self.unless_no_cost(
            self.make(format!(
                "SUMIFS({},{},{channel_cell},{})",
                self.cost_col(at!(COSTS, "amount")),
                self.cost_col(at!(COSTS, "channel_id")),
                self.bounds.within(&self.cost_col(at!(COSTS, "month")))
            )),
            "\"\"",
        )
    }

    /// A ratio with a cost cell on either side (CPA, cost per MQL, CAC, ROAS): empty when the
    /// denominator is zero or cost is unknown.
    pub fn cost_ratio(&self, numerator: &str, denominator: &str) -> Option<String> {
        self.unless_no_cost(self.ratio(numerator, denominator), "\"\"")
    }

    /// The sum of a range of cost cells, empty when cost is unknown.
    pub fn cost_sum(&self, range: &str) -> Option<String> {
        self.unless_no_cost(self.sum(range), "\"\"")
    }

    /// `equal` for two cost cells: TRUE too when cost is unknown and both are empty.
    pub fn costs_equal(&self, left: &str, right: &str) -> Option<String> {
        let both_empty = format!("AND({left}=\"\",{right}=\"\")");
        self.unless_no_cost(self.equal(left, right), &both_empty)
    }

    /// Leads created in the period whose acquisition channel is in `channel_cell`.
    pub fn leads(&self, channel_cell: &str) -> Option<String> {
        self.make(format!(
            "COUNTIFS({},{channel_cell},{})",
            self.lead(at!(LEADS, "acquisition_channel")),
            self.bounds.within(&self.lead(at!(LEADS, "created_at")))
        ))
    }

    /// Leads that became MQL in the period, by acquisition channel.
    pub fn mql(&self, channel_cell: &str) -> Option<String> {
        self.make(format!(
            "COUNTIFS({},{channel_cell},{})",
            self.lead(at!(LEADS, "acquisition_channel")),
            self.bounds.within(&self.lead(at!(LEADS, "mql_at")))
        ))
    }

    /// Deals created in the period, by their lead's acquisition channel.
    pub fn opportunities(&self, channel_cell: &str) -> Option<String> {
        self.make(format!(
            "COUNTIFS({},{channel_cell},{})",
            self.deal(at!(DEALS, "acquisition_channel")),
            self.bounds.within(&self.deal(at!(DEALS, "created_at")))
        ))
    }

    /// Won deals closed in the period, by their lead's acquisition channel.
    pub fn won(&self, channel_cell: &str) -> Option<String> {
        self.make(format!(
            "COUNTIFS({},{channel_cell},{},\"won\",{})",
            self.deal(at!(DEALS, "acquisition_channel")),
            self.deal(at!(DEALS, "status")),
            self.bounds.within(&self.deal(at!(DEALS, "closed_at")))
        ))
    }

    /// Revenue: amounts of won deals closed in the period.
    pub fn revenue(&self) -> Option<String> {
        self.make(format!(
            "SUMIFS({},{},\"won\",{})",
            self.deal(at!(DEALS, "amount")),
            self.deal(at!(DEALS, "status")),
            self.bounds.within(&self.deal(at!(DEALS, "closed_at")))
        ))
    }

    /// Rows of a data sheet (with `columns`) that came from one input sheet, each input row
    /// counted once: a cost row spread over several months (`period_part` 2, 3 …) is counted at
    /// its first.
    pub fn rows_from(
        &self,
        data_sheet: &str,
        columns: &Columns,
        file: &str,
        sheet: &str,
    ) -> Option<String> {
        let from = format!(
            "{},{},{},{}",
            whole_column(data_sheet, col(columns, "source_file")),
            text_literal(file),
            whole_column(data_sheet, col(columns, "source_sheet")),
            text_literal(sheet)
        );
        let later_parts = if columns.list.iter().any(|c| c.field == "period_part") {
            format!(
                "-COUNTIFS({from},{},\">1\")",
                whole_column(data_sheet, col(columns, "period_part"))
            )
        } else {
            String::new()
        };
        self.make(format!("COUNTIFS({from}){later_parts}"))
    }

    /// Sum of the Lineage sheet's `credit` or `attributed_amount` for one model id (a literal).
    pub fn lineage_total(&self, field: &str, model: &str) -> Option<String> {
        self.make(format!(
            "SUMIFS({},{},{})",
            self.lineage_col(col(&LINEAGE, field)),
            self.lineage_col(at!(LINEAGE, "model")),
            text_literal(model)
        ))
    }

    /// Won deals closed in the period, all channels.
    pub fn won_total(&self) -> Option<String> {
        self.make(format!(
            "COUNTIFS({},\"won\",{})",
            self.deal(at!(DEALS, "status")),
            self.bounds.within(&self.deal(at!(DEALS, "closed_at")))
        ))
    }

    /// Cost of the period, all channels.
    pub fn cost_total(&self) -> Option<String> {
        self.unless_no_cost(
            self.make(format!(
                "SUMIFS({},{})",
                self.cost_col(at!(COSTS, "amount")),
                self.bounds.within(&self.cost_col(at!(COSTS, "month")))
            )),
            "\"\"",
        )
    }

    /// Leads that became MQL in the period, all channels.
    pub fn mql_total(&self) -> Option<String> {
        self.make(format!(
            "COUNTIFS({})",
            self.bounds.within(&self.lead(at!(LEADS, "mql_at")))
        ))
    }

    /// Deals created in the period, all channels.
    pub fn opportunities_total(&self) -> Option<String> {
        self.make(format!(
            "COUNTIFS({})",
            self.bounds.within(&self.deal(at!(DEALS, "created_at")))
        ))
    }

    /// Credits (`credit`) or credit x amount (`attributed_amount`) of the run's model, all
    /// channels: every won deal of the period, as each model hands out all of a deal.
    pub fn attributed_total(&self, field: &str) -> Option<String> {
        self.make(format!(
            "SUMIFS({},{},{MODEL})",
            self.lineage_col(col(&LINEAGE, field)),
            self.lineage_col(at!(LINEAGE, "model")),
        ))
    }

    /// Leads created in the period, all channels.
    pub fn leads_total(&self) -> Option<String> {
        self.make(format!(
            "COUNTIFS({})",
            self.bounds.within(&self.lead(at!(LEADS, "created_at")))
        ))
    }

    /// `left` equals `right` up to rounding (1e-9 relative), as TRUE / FALSE.
    pub fn equal(&self, left: &str, right: &str) -> Option<String> {
        self.make(format!("ABS({left}-{right})<=1E-9*MAX(1,ABS({right}))"))
    }

    /// `read = accepted + rejected + blank` over four cells, as TRUE / FALSE.
    pub fn reconciles(
        &self,
        read: &str,
        accepted: &str,
        rejected: &str,
        blank: &str,
        merged: &str,
    ) -> Option<String> {
        self.make(format!("{read}={accepted}+{rejected}+{blank}+{merged}"))
    }

    /// TRUE when every cell of `range` is TRUE.
    pub fn all_true(&self, range: &str) -> Option<String> {
        self.make(format!("AND({range})"))
    }

    /// Sum of the Lineage sheet's `field` for the model in `model` (a cell or the name `Model`) and
    /// the channel in `channel_cell`.
    fn lineage_sum(&self, field: &str, model: &str, channel_cell: &str) -> Option<String> {
        self.make(format!(
            "SUMIFS({},{},{model},{},{channel_cell})",
            self.lineage_col(col(&LINEAGE, field)),
            self.lineage_col(at!(LINEAGE, "model")),
            self.lineage_col(at!(LINEAGE, "channel"))
        ))
    }

    /// Credits of the run's model on the channel.
    pub fn attributed_won(&self, channel_cell: &str) -> Option<String> {
        self.lineage_sum("credit", MODEL, channel_cell)
    }

    /// Credit x amount of the run's model on the channel.
    pub fn attributed_revenue(&self, channel_cell: &str) -> Option<String> {
        self.lineage_sum("attributed_amount", MODEL, channel_cell)
    }

    /// Credit x amount of the model named in `model_cell` on the channel.
    pub fn attributed_revenue_of(&self, model_cell: &str, channel_cell: &str) -> Option<String> {
        self.lineage_sum("attributed_amount", model_cell, channel_cell)
    }

    /// Credits of the model named in `model_cell` on the channel.
    pub fn attributed_won_of(&self, model_cell: &str, channel_cell: &str) -> Option<String> {
        self.lineage_sum("credit", model_cell, channel_cell)
    }

    /// numerator / denominator, empty when the denominator is zero.
    pub fn ratio(&self, numerator: &str, denominator: &str) -> Option<String> {
        self.make(format!(
            "IF({denominator}=0,\"\",{numerator}/{denominator})"
        ))
    }

    /// A metric's live formula as its catalogue formula says, over its operands' cells (or
    /// expressions) from `operand`; `None` for a counted or ruled metric and for an operand with
    /// no cell. A quotient of figures that may be empty themselves (LTV, CAC) is empty when
    /// either is; one made from cost is empty when cost is unknown.
    pub fn arithmetic(
        &self,
        metric: MetricId,
        operand: impl Fn(MetricId) -> Option<String>,
    ) -> Option<String> {
        let entry = metric.entry();
        let ids = entry.formula.operands()?;
        let (a, b) = (operand(ids[0])?, operand(ids[1])?);
        let of_figures = ids.iter().any(|m| !m.entry().is_counted());
        match entry.formula {
            Formula::Ratio(..) if of_figures => self.ratio_of_ratios(&a, &b),
            Formula::Ratio(..) if entry.made_from_cost => self.cost_ratio(&a, &b),
            Formula::Ratio(..) => self.ratio(&a, &b),
            Formula::MarginReturn(..) => self.roi(&a, &b),
            Formula::ShareOfBoth(..) => self.win_rate(&a, &b),
            Formula::OverMargin(..) => self.payback(&a, &b),
            Formula::Counted(_) | Formula::Rule(_) => None,
        }
    }

    /// A counted figure over all channels of the period, as one formula of its own (the
    /// compared period's totals, the SNS figures): `None` for one with no such formula.
    pub fn counted_total(&self, metric: MetricId) -> Option<String> {
        match metric {
            MetricId::Cost => self.cost_total(),
            MetricId::SnsCost => self.sns_cost(),
            MetricId::Leads => self.leads_total(),
            MetricId::SnsLeads => self.sns_leads(),
            MetricId::Mql => self.mql_total(),
            MetricId::Opportunities => self.opportunities_total(),
            MetricId::Won => self.won_total(),
            MetricId::Lost => self.lost_total(),
            MetricId::AttributedWon => self.attributed_total("credit"),
            MetricId::AttributedRevenue => self.attributed_total("attributed_amount"),
            MetricId::SnsAttributedWon => self.sns_attributed("credit"),
            MetricId::SnsAttributedRevenue => self.sns_attributed("attributed_amount"),
            MetricId::Sessions => self.sessions(None),
            _ => None,
        }
    }

    /// ROI = (attributed revenue x gross margin - cost) / cost, empty when cost is zero or
    /// unknown.
    pub fn roi(&self, revenue: &str, cost: &str) -> Option<String> {
        self.unless_no_cost(
            self.make(format!(
                "IF({cost}=0,\"\",({revenue}*{GROSS_MARGIN}-{cost})/{cost})"
            )),
            "\"\"",
        )
    }

    /// SNS cost: cost rows of the period on SNS channels.
    pub fn sns_cost(&self) -> Option<String> {
        self.unless_no_cost(
            self.make(format!(
                "SUMIFS({},{},TRUE,{})",
                self.cost_col(at!(COSTS, "amount")),
                self.cost_col(at!(COSTS, "sns")),
                self.bounds.within(&self.cost_col(at!(COSTS, "month")))
            )),
            "\"\"",
        )
    }

    /// SNS-attributed leads created in the period.
    pub fn sns_leads(&self) -> Option<String> {
        self.make(format!(
            "COUNTIFS({},TRUE,{})",
            self.lead(at!(LEADS, "sns")),
            self.bounds.within(&self.lead(at!(LEADS, "created_at")))
        ))
    }

    /// Credits (`credit`) or credit x amount (`attributed_amount`) of the run's model on SNS channels.
    pub fn sns_attributed(&self, field: &str) -> Option<String> {
        self.make(format!(
            "SUMIFS({},{},{MODEL},{},TRUE)",
            self.lineage_col(col(&LINEAGE, field)),
            self.lineage_col(at!(LINEAGE, "model")),
            self.lineage_col(at!(LINEAGE, "sns"))
        ))
    }

    /// ARPA: the average monthly revenue of won deals closed in the period, empty when none has one.
    pub fn arpa(&self) -> Option<String> {
        self.make(format!(
            "IFERROR(AVERAGEIFS({},{},\"won\",{}),\"\")",
            self.deal(at!(DEALS, "monthly_revenue")),
            self.deal(at!(DEALS, "status")),
            self.bounds.within(&self.deal(at!(DEALS, "closed_at")))
        ))
    }

    /// LTV by `method` from the cells holding ARPA, revenue and won deals.
    pub fn ltv(
        &self,
        method: crate::config::LtvMethod,
        arpa: &str,
        revenue: &str,
        won: &str,
    ) -> Option<String> {
        use crate::config::LtvMethod;
        self.make(match method {
            LtvMethod::Churn => format!(
                "IF(OR({arpa}=\"\",N({MONTHLY_CHURN})=0),\"\",{arpa}*{GROSS_MARGIN}/{MONTHLY_CHURN})"
            ),
            LtvMethod::Lifetime => format!(
                "IF(OR({arpa}=\"\",{LIFETIME_MONTHS}=\"\"),\"\",{arpa}*{GROSS_MARGIN}*{LIFETIME_MONTHS})"
            ),
            LtvMethod::Deal => format!(
                "IF({won}=0,\"\",{revenue}/{won}*{GROSS_MARGIN}*{PURCHASES_PER_CUSTOMER})"
            ),
        })
    }

    /// numerator / denominator where either may be an empty ratio.
    pub fn ratio_of_ratios(&self, numerator: &str, denominator: &str) -> Option<String> {
        self.make(format!(
            "IF(OR({numerator}=\"\",{denominator}=\"\"),\"\",IF({denominator}=0,\"\",{numerator}/{denominator}))"
        ))
    }

    /// left − right, empty when either is.
    pub fn difference(&self, left: &str, right: &str) -> Option<String> {
        self.make(format!(
            "IF(OR({left}=\"\",{right}=\"\"),\"\",{left}-{right})"
        ))
    }

    /// A rate's change in percentage points: (left − right) × 100, empty when either is empty.
    pub fn difference_points(&self, left: &str, right: &str) -> Option<String> {
        self.make(format!(
            "IF(OR({left}=\"\",{right}=\"\"),\"\",({left}-{right})*100)"
        ))
    }

    /// A figure's change against the compared figure as a share of the compared figure's size
    /// (`metrics::comparison::change`): empty when either is empty or the compared one is 0.
    pub fn change_percent(&self, now: &str, then: &str) -> Option<String> {
        self.make(format!(
            "IF(OR({now}=\"\",{then}=\"\"),\"\",IF({then}=0,\"\",({now}-{then})/ABS({then})))"
        ))
    }

    /// won / (won + lost) over two cells, empty when nothing closed.
    pub fn win_rate(&self, won: &str, lost: &str) -> Option<String> {
        self.make(format!("IF(({won}+{lost})=0,\"\",{won}/({won}+{lost}))"))
    }

    /// Payback months = CAC / (ARPA x gross margin), empty when either is.
    pub fn payback(&self, cac: &str, arpa: &str) -> Option<String> {
        self.make(format!(
            "IF(OR({cac}=\"\",{arpa}=\"\"),\"\",IF({arpa}*{GROSS_MARGIN}=0,\"\",{cac}/({arpa}*{GROSS_MARGIN})))"
        ))
    }

    /// Sum of a post metric (`impressions`, `engagements_total`, `clicks` ...) over posts published in
    /// the period, of one platform (a formula literal or cell) or of all.
    pub fn posts_sum(&self, field: &str, platform: Option<&str>) -> Option<String> {
        // A platform without post rows in the period: its daily rows (SPEC section 3).
        let daily = |p: &str| self.daily_sum(field, p);
        let formula = match platform {
            Some(p) => match daily(p) {
                Some(sum) => sum,
                None => self.posts_sumifs(field, Some(p)),
            },
            None => {
                let mut sum = self.posts_sumifs(field, None);
                for p in &self.daily_platforms {
                    if let Some(day) = daily(p) {
                        sum = format!("{sum}+{day}");
                    }
                }
                sum
            }
        };
        self.make(formula)
    }

    /// `SUMIFS` of a posts data column over the posts published in the period (of `platform`).
    fn posts_sumifs(&self, field: &str, platform: Option<&str>) -> String {
        let platform = platform
            .map(|p| format!(",{},{p}", self.post(at!(POSTS, "platform_id"))))
            .unwrap_or_default();
        format!(
            "SUMIFS({},{}{platform})",
            self.post(col(&POSTS, field)),
            self.bounds.within(&self.post(at!(POSTS, "published_at")))
        )
    }

    /// `SUMIFS` of a daily data column over the platform's days in the period, when the platform
    /// takes its post stages from them and the daily sheet has the column.
    fn daily_sum(&self, field: &str, platform: &str) -> Option<String> {
        if !self.daily_platforms.iter().any(|p| p == platform) {
            return None;
        }
        let at = DAILY.list.iter().position(|c| c.field == field)? as u16;
        let column = |col: u16| whole_column(&self.daily, col);
        Some(format!(
            "SUMIFS({},{},{},{platform})",
            column(at),
            self.bounds.within(&column(at!(DAILY, "date"))),
            column(at!(DAILY, "platform_id")),
        ))
    }

    /// Revenue of won deals closed in the period whose lead came by the channel in `channel`.
    pub fn revenue_of(&self, channel: &str) -> Option<String> {
        self.make(format!(
            "SUMIFS({},{},{channel},{},\"won\",{})",
            self.deal(at!(DEALS, "amount")),
            self.deal(at!(DEALS, "acquisition_channel")),
            self.deal(at!(DEALS, "status")),
            self.bounds.within(&self.deal(at!(DEALS, "closed_at")))
        ))
    }

    /// A custom metric summed over the months of the period (from the month the period starts in).
    pub fn custom_sum(&self, metric: &str) -> Option<String> {
        let col = |col: u16| whole_column(&self.custom, col);
        let Bounds { start, end } = self.bounds;
        self.make(format!(
            "SUMIFS({},{},{},{},\">=\"&DATE(YEAR({start}),MONTH({start}),1),{},\"<=\"&{end})",
            col(at!(CUSTOM, "value")),
            col(at!(CUSTOM, "metric")),
            text_literal(metric),
            col(at!(CUSTOM, "month")),
            col(at!(CUSTOM, "month"))
        ))
    }

    /// Posts of one platform published in the period.
    pub fn posts_count(&self, platform: &str) -> Option<String> {
        self.make(format!(
            "COUNTIFS({},{platform},{})",
            self.post(at!(POSTS, "platform_id")),
            self.bounds.within(&self.post(at!(POSTS, "published_at")))
        ))
    }

    /// Leads created in the period with one conversion type (a formula literal).
    pub fn conversions(&self, conversion_type: &str) -> Option<String> {
        self.make(format!(
            "COUNTIFS({},{conversion_type},{})",
            self.lead(at!(LEADS, "conversion_type")),
            self.bounds.within(&self.lead(at!(LEADS, "created_at")))
        ))
    }

    /// Lost deals closed in the period, all channels.
    pub fn lost_total(&self) -> Option<String> {
        self.make(format!(
            "COUNTIFS({},\"lost\",{})",
            self.deal(at!(DEALS, "status")),
            self.bounds.within(&self.deal(at!(DEALS, "closed_at")))
        ))
    }

    /// A formula's expression without its leading `=`, to nest it in another.
    pub fn inner(formula: Option<String>) -> Option<String> {
        formula.map(|f| f.trim_start_matches('=').to_string())
    }

    /// A plain reference to another cell, e.g. `'Channels'!D17`.
    pub fn reference(&self, cell: &str) -> Option<String> {
        self.make(cell.to_string())
    }

    /// The sum of a range, e.g. `D5:D17` or `'Monthly'!G5:G10`.
    pub fn sum(&self, range: &str) -> Option<String> {
        self.make(format!("SUM({range})"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::report::by_post::{Grouped, PostSpans};

    #[test]
    fn columns_are_found_by_header() {
        let names = SheetNames::new(Lang::En);
        let f = Formulas::new(&names, true, true);
        // acquisition_channel is the 13th lead column: M.
        assert_eq!(
            f.leads("$B5").unwrap(),
            "=COUNTIFS('Leads data'!$M:$M,$B5,'Leads data'!$B:$B,\">=\"&PeriodStart,'Leads data'!$B:$B,\"<\"&(PeriodEnd+1))"
        );
        assert_eq!(f.ratio("D5", "E5").unwrap(), "=IF(E5=0,\"\",D5/E5)");
        assert_eq!(Formulas::new(&names, false, true).ratio("D5", "E5"), None);
    }

    /// A post's figures count its own rows: rows 4 to 6 of the Leads data sheet hold post 1's
    /// leads, row 2 the Lineage sheet's only row of it; post 0 has no lead, so no formula.
    #[test]
    fn a_posts_figures_count_its_own_rows() {
        let names = SheetNames::new(Lang::En);
        let rows = PostRows {
            leads: Grouped::new(&[None, Some(1), Some(1), Some(1)], 2)
                .spans()
                .clone(),
            deals: PostSpans::default(),
            lineage: Grouped::new(&[Some(1)], 2).spans().clone(),
        };
        let f = Formulas::new(&names, true, true).with_post_rows(rows);
        // linked_post is the 14th lead column (N), created_at the 2nd (B).
        assert_eq!(
            f.post_leads(1, "$A6").unwrap(),
            "=COUNTIFS('Leads data'!$N$2:$N$4,$A6,'Leads data'!$B$2:$B$4,\">=\"&PeriodStart,'Leads data'!$B$2:$B$4,\"<\"&(PeriodEnd+1))"
        );
        assert_eq!(f.post_leads(0, "$A5"), None);
        assert_eq!(f.post_won(1, "$A6"), None, "no deal is linked to post 1");
        // attributed_amount L, model A, post_id H.
        assert_eq!(
            f.post_attributed_revenue(1, "$A6").unwrap(),
            "=SUMIFS('Lineage'!$L$2:$L$2,'Lineage'!$A$2:$A$2,Model,'Lineage'!$H$2:$H$2,$A6)"
        );
    }

    #[test]
    fn without_cost_data_cost_formulas_are_empty_while_the_costs_sheet_has_no_amount() {
        let names = SheetNames::new(Lang::En);
        let with_cost = Formulas::new(&names, true, true);
        let without = Formulas::new(&names, true, false);
        // amount is the 5th cost column: E.
        assert_eq!(
            without.cost_ratio("D5", "E5").unwrap(),
            "=IF(COUNT('Costs data'!$E:$E)=0,\"\",IF(E5=0,\"\",D5/E5))"
        );
        assert_eq!(
            with_cost.cost_ratio("D5", "E5"),
            with_cost.ratio("D5", "E5")
        );
        assert_eq!(
            without.costs_equal("B9", "C9").unwrap(),
            "=IF(COUNT('Costs data'!$E:$E)=0,AND(B9=\"\",C9=\"\"),ABS(B9-C9)<=1E-9*MAX(1,ABS(C9)))"
        );
        assert_eq!(Formulas::new(&names, false, false).cost_sum("D5:D9"), None);
    }

    /// A field missing from `columns` panics in `col`: every builder is built here, with each field
    /// the sheets pass (funnel, KPI tree, Posts, Summary, Checks), so a misspelt or removed column
    /// fails this test instead of pointing at another column.
    #[test]
    fn every_field_the_formulas_ask_for_is_a_column() {
        use crate::config::LtvMethod;
        let names = SheetNames::new(Lang::En);
        // Post 0 has one row on each of the sheets grouped by post.
        let spans = || Grouped::new(&[Some(0)], 1).spans().clone();
        let rows = PostRows {
            leads: spans(),
            deals: spans(),
            lineage: spans(),
        };
        for has_cost in [true, false] {
            let f = Formulas::new(&names, true, has_cost).with_post_rows(rows.clone());
            let built = [
                f.cost("$B5"),
                f.cost_total(),
                f.sns_cost(),
                f.month_cost("$A5"),
                f.leads("$B5"),
                f.leads_total(),
                f.mql("$B5"),
                f.opportunities("$B5"),
                f.won("$B5"),
                f.won_total(),
                f.lost_total(),
                f.revenue(),
                f.revenue_of("$B5"),
                f.arpa(),
                f.ltv(LtvMethod::Churn, "B1", "B2", "B3"),
                f.sns_leads(),
                f.attributed_won("$B5"),
                f.attributed_revenue("$B5"),
                f.attributed_won_of("D$4", "$B5"),
                f.attributed_revenue_of("D$4", "$B5"),
                f.post_leads(0, "$A5"),
                f.post_opportunities(0, "$A5"),
                f.post_won(0, "$A5"),
                f.post_attributed_revenue(0, "$A5"),
                f.post_cell("engagements_total", 7),
                f.posts_count("\"x\""),
                f.conversions("\"demo\""),
                f.custom_sum("nps"),
                f.month_leads("$A5"),
                f.month_mql("$A5"),
                f.month_opportunities("$A5"),
                f.month_won("$A5"),
                f.month_revenue("$A5"),
                f.month_sns_attributed_revenue("$A5"),
                f.rows_from("Leads data", &crate::report::columns::LEADS, "a.csv", "a"),
            ];
            assert!(built.iter().all(Option::is_some));
            for field in ["credit", "attributed_amount"] {
                assert!(f.lineage_total(field, "linear").is_some());
                assert!(f.sns_attributed(field).is_some());
            }
            for field in [
                "impressions",
                "reach",
                "engagements_total",
                "clicks",
                "video_views",
                "video_completions",
            ] {
                assert!(f.posts_sum(field, None).is_some());
                assert!(!f.post_ref(field, 7).is_empty());
            }
        }
    }
}
