//! The large deterministic input set: 200,000 leads, 1,000,000 touches, 20,000 deals, 10,000 posts
//! and 2,000 cost rows as CSV files with canonical English headers, every count times `scale`. Used
//! by the `make_large` example and by the recalculation test of a generated report.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::Path;

/// A small linear congruential generator: the same numbers on every machine.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const CHANNELS: [&str; 12] = [
    "linkedin",
    "x",
    "facebook",
    "instagram",
    "youtube",
    "note",
    "webinar",
    "event",
    "search_ads",
    "organic_search",
    "email",
    "referral",
];
const PLATFORMS: [&str; 6] = ["linkedin", "x", "facebook", "instagram", "youtube", "note"];

fn date(day: u64) -> String {
    // Day 0 = 2025-01-01, over 270 days.
    let base = chrono_like(day);
    format!("{}-{:02}-{:02}", base.0, base.1, base.2)
}

/// (year, month, day) of 2025-01-01 plus `day` days, without a date crate.
fn chrono_like(mut day: u64) -> (u32, u32, u64) {
    let months = [31u64, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut month = 0;
    while month < 12 && day >= months[month] {
        day -= months[month];
        month += 1;
    }
    (2025, month as u32 + 1, day + 1)
}

/// Writes the CSV files of the set at `scale` into `out` (made if missing); returns what it wrote,
/// as a line for the console.
pub fn write_csv(out: &Path, scale: f64) -> std::io::Result<String> {
    let n = |count: f64| (count * scale).round().max(1.0) as u64;
    let (leads, touches, deals, posts, costs) = (
        n(200_000.0),
        n(1_000_000.0),
        n(20_000.0),
        n(10_000.0),
        n(2_000.0),
    );
    fs::create_dir_all(out)?;
    let mut rng = Lcg(20251122);
    let file = |name: &str| -> std::io::Result<BufWriter<File>> {
        Ok(BufWriter::new(File::create(out.join(name))?))
    };

    let mut w = file("posts.csv")?;
    writeln!(
        w,
        "post_id,platform,published_at,campaign,impressions,engagements,clicks"
    )?;
    for i in 0..posts {
        let platform = PLATFORMS[rng.below(6) as usize];
        let impressions = 500 + rng.below(20_000);
        writeln!(
            w,
            "P{i},{platform},{} 12:00,c{},{impressions},{},{}",
            date(rng.below(270)),
            rng.below(50),
            impressions / (10 + rng.below(40)),
            impressions / (50 + rng.below(200))
        )?;
    }
    w.flush()?;

    let mut w = file("leads.csv")?;
    writeln!(
        w,
        "lead_id,created_at,channel,post_id,conversion_type,mql_at"
    )?;
    for i in 0..leads {
        let day = rng.below(260);
        let channel = CHANNELS[rng.below(12) as usize];
        let post = if rng.below(3) == 0 {
            format!("P{}", rng.below(posts))
        } else {
            String::new()
        };
        let mql = if rng.below(3) == 0 {
            date(day + rng.below(10))
        } else {
            String::new()
        };
        writeln!(
            w,
            "L{i},{} 09:{:02},{channel},{post},資料DL,{mql}",
            date(day),
            rng.below(60)
        )?;
    }
    w.flush()?;

    let mut w = file("touches.csv")?;
    writeln!(w, "lead_id,touched_at,channel,post_id")?;
    for _ in 0..touches {
        let lead = rng.below(leads);
        let channel = CHANNELS[rng.below(12) as usize];
        let post = if PLATFORMS.contains(&channel) && rng.below(2) == 0 {
            format!("P{}", rng.below(posts))
        } else {
            String::new()
        };
        writeln!(
            w,
            "L{lead},{} {:02}:{:02},{channel},{post}",
            date(rng.below(265)),
            rng.below(24),
            rng.below(60)
        )?;
    }
    w.flush()?;

    let mut w = file("deals.csv")?;
    writeln!(w, "deal_id,lead_id,created_at,status,amount,closed_at")?;
    for i in 0..deals {
        let created = 30 + rng.below(220);
        let (status, amount, closed) = match rng.below(3) {
            0 => (
                "won",
                (100 + rng.below(2_000)) * 1_000,
                date(created + 1 + rng.below(15)),
            ),
            1 => ("lost", 0, date(created + 1 + rng.below(15))),
            _ => ("open", 0, String::new()),
        };
        let amount = if amount > 0 {
            amount.to_string()
        } else {
            String::new()
        };
        writeln!(
            w,
            "D{i},L{},{},{status},{amount},{closed}",
            rng.below(leads),
            date(created)
        )?;
    }
    w.flush()?;

    let mut w = file("costs.csv")?;
    writeln!(w, "month,channel,category,amount")?;
    for i in 0..costs {
        writeln!(
            w,
            "2025-{:02},{},cat{},{}",
            1 + i % 9,
            CHANNELS[(i / 9 % 12) as usize],
            i % 7,
            10_000 + rng.below(500_000)
        )?;
    }
    w.flush()?;
    Ok(format!(
        "wrote {} ({leads} leads, {touches} touches, {deals} deals, {posts} posts, {costs} costs)",
        out.display()
    ))
}
