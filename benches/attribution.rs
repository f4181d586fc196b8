//! Times every attribution model over a large generated dataset: 200,000 leads whose journeys
//! hold 1 to 8 touches, 20,000 won deals (and 10,000 lost ones). Figures go to
//! docs/benchmarks.md. Run with `cargo bench --bench attribution`.

use std::hint::black_box;
use std::time::Duration;

use chrono::{Days, NaiveDate, NaiveDateTime, TimeDelta};
use criterion::{criterion_group, criterion_main, Criterion};

use kpibook::attribution::{all_models, attribute, Markov};
use kpibook::channels::ChannelCatalog;
use kpibook::config::Config;
use kpibook::link::{link, Links};
use kpibook::model::{ChannelValue, Dataset, Deal, DealStatus, Lead, SourceRef, Touch};

const LEADS: usize = 200_000;
/// Lead i has a won deal when i % 10 == 0 (20,000), a lost one when i % 20 == 5 (10,000).
const WON_EVERY: usize = 10;
const LOST_EVERY: usize = 20;

const CHANNELS: [&str; 17] = [
    "linkedin",
    "x",
    "facebook",
    "instagram",
    "youtube",
    "tiktok",
    "line",
    "note",
    "webinar",
    "event",
    "search_ads",
    "display_ads",
    "organic_search",
    "email",
    "referral",
    "direct",
    "other",
];

/// A small deterministic generator (xorshift64*), so every run times the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn channel(rng: &mut Rng) -> ChannelValue {
    let id = CHANNELS[rng.below(CHANNELS.len() as u64) as usize];
    ChannelValue {
        id: id.into(),
        written: id.into(),
    }
}

fn generate() -> (Dataset, Links) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let base: NaiveDateTime = NaiveDate::from_ymd_opt(2024, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("a valid date");
    let mut dataset = Dataset::default();
    for i in 0..LEADS {
        let lead_id = format!("L{i:06}");
        let created_at = base + TimeDelta::minutes(rng.below(365 * 24 * 60) as i64);
        dataset.leads.push(Lead {
            source: SourceRef::default(),
            lead_id: lead_id.clone(),
            created_at,
            channel: Some(channel(&mut rng)),
            post_id: None,
            utm_source: None,
            utm_medium: None,
            utm_campaign: None,
            utm_content: None,
            account: None,
            conversion_type: None,
            mql_at: None,
        });
        // 0..=7 recorded touches plus the lead's own creation touch: journeys of 1 to 8.
        for _ in 0..rng.below(8) {
            // From 60 days before creation to 30 days after it.
            let offset = rng.below(90 * 24 * 60) as i64 - 60 * 24 * 60;
            dataset.touches.push(Touch {
                source: SourceRef::default(),
                lead_id: lead_id.clone(),
                touched_at: created_at + TimeDelta::minutes(offset),
                channel: channel(&mut rng),
                post_id: None,
                campaign: None,
                touch_type: None,
            });
        }
        let status = if i % WON_EVERY == 0 {
            DealStatus::Won
        } else if i % LOST_EVERY == 5 {
            DealStatus::Lost
        } else {
            continue;
        };
        let opened = created_at.date() + Days::new(rng.below(30));
        dataset.deals.push(Deal {
            source: SourceRef::default(),
            deal_id: format!("D{i:06}"),
            lead_id: Some(lead_id),
            account: None,
            created_at: opened,
            status,
            amount: Some(100_000.0 + rng.below(1_000) as f64 * 1_000.0),
            closed_at: Some(opened + Days::new(30)),
            mrr: None,
            contract_months: None,
        });
    }
    let links = link(&dataset, &ChannelCatalog::new());
    (dataset, links)
}

fn bench(c: &mut Criterion) {
    let (dataset, links) = generate();
    let config = Config::default();
    let journeys: usize = links.leads.iter().map(|l| l.journey.len()).sum();
    eprintln!(
        "generated {} leads, {} journey touches, {} deals",
        dataset.leads.len(),
        journeys,
        dataset.deals.len()
    );

    let mut group = c.benchmark_group("attribution");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));

    group.bench_function("markov_training", |b| {
        b.iter(|| black_box(Markov::train(&dataset, &links)))
    });
    let models = all_models(&config.model_parameters(), &dataset, &links);
    for model in &models {
        let one = std::slice::from_ref(model);
        group.bench_function(format!("attribute/{}", model.id()), |b| {
            b.iter(|| black_box(attribute(&dataset, &links, None, config.lookback_days, one)))
        });
    }
    group.bench_function("all_models_trained_and_attributed", |b| {
        b.iter(|| {
            let models = all_models(&config.model_parameters(), &dataset, &links);
            black_box(attribute(
                &dataset,
                &links,
                None,
                config.lookback_days,
                &models,
            ))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
