//! Every metric of SPEC section 3 on a small dataset whose figures are worked out by hand in the
//! comments below, checked through the binary's summary JSON.
//!
//! Period 2025-04-01..2025-06-30, gross_margin 0.5, monthly_churn 0.05, model linear (default).

use crate::common;

use common::*;

fn dataset() -> Vec<(&'static str, Vec<Vec<V>>)> {
    vec![
        (
            "SNS投稿",
            vec![
                vec![
                    S("投稿ID"),
                    S("媒体"),
                    S("投稿日"),
                    S("キャンペーン"),
                    S("インプレッション数"),
                    S("リーチ数"),
                    S("エンゲージメント数"),
                    S("いいね数"),
                    S("コメント数"),
                    S("シェア数"),
                    S("保存数"),
                    S("クリック数"),
                    S("再生回数"),
                    S("完全視聴数"),
                ],
                // engagements empty: 30 + 5 + 5 + 0 + 10 = 50
                vec![
                    S("P1"),
                    S("LinkedIn"),
                    D(2025, 4, 5),
                    S("spring"),
                    N(1000.0),
                    N(800.0),
                    E,
                    N(30.0),
                    N(5.0),
                    N(5.0),
                    N(0.0),
                    N(10.0),
                ],
                vec![
                    S("P2"),
                    S("X"),
                    D(2025, 4, 10),
                    S("spring"),
                    N(5000.0),
                    E,
                    N(100.0),
                    E,
                    E,
                    E,
                    E,
                    N(50.0),
                ],
                vec![
                    S("P3"),
                    S("YouTube"),
                    S("2025/5/1"),
                    S("launch"),
                    N(2000.0),
                    E,
                    N(40.0),
                    E,
                    E,
                    E,
                    E,
                    N(20.0),
                    N(500.0),
                    N(125.0),
                ],
                // published after the period
                vec![
                    S("P4"),
                    S("LinkedIn"),
                    D(2025, 7, 1),
                    S("summer"),
                    N(999.0),
                    E,
                    N(9.0),
                    E,
                    E,
                    E,
                    E,
                    N(9.0),
                ],
            ],
        ),
        (
            "リード",
            vec![
                vec![S("リード一覧")],
                vec![],
                vec![
                    S("リードID"),
                    S("獲得日"),
                    S("流入元"),
                    S("投稿ID"),
                    S("utm_source"),
                    S("utm_campaign"),
                    S("utm_content"),
                    S("コンバージョン種別"),
                    S("MQL化日"),
                    S("氏名"),
                ],
                vec![
                    S("L1"),
                    D(2025, 4, 6),
                    S("LinkedIn"),
                    S("P1"),
                    E,
                    E,
                    E,
                    S("資料DL"),
                    D(2025, 4, 10),
                    S("山田"),
                ],
                vec![
                    S("L2"),
                    S("2025-04-12"),
                    E,
                    E,
                    S("t.co"),
                    E,
                    S("P2"),
                    S("ウェビナー"),
                    S("2025年4月20日"),
                    S("佐藤"),
                ],
                vec![
                    S("L3"),
                    S("令和7年4月15日"),
                    S("ウェビナー"),
                    E,
                    E,
                    E,
                    E,
                    S("ウェビナー"),
                    S("R7.4.16"),
                ],
                vec![S("L4"), D(2025, 5, 2), E, E, S("yt"), S("launch"), E, E, E],
                vec![
                    S("L5"),
                    D(2025, 5, 10),
                    S("リスティング"),
                    E,
                    E,
                    E,
                    E,
                    E,
                    D(2025, 5, 12),
                ],
                vec![
                    S("L6"),
                    D(2025, 3, 20),
                    S("展示会"),
                    E,
                    E,
                    E,
                    E,
                    E,
                    D(2025, 4, 2),
                ],
                vec![S("L7"), D(2025, 6, 1), S("Podcast"), E, E, E, E, E, E],
            ],
        ),
        (
            "タッチポイント",
            vec![
                vec![S("リードID"), S("接触日時"), S("チャネル"), S("投稿ID")],
                vec![S("L5"), S("2025-05-01 10:00"), S("X(旧Twitter)"), S("P2")],
                vec![S("L1"), S("2025-04-01 09:00"), S("メルマガ"), E],
                vec![S("L6"), S("2025-04-20 10:00"), S("ウェビナー"), E],
            ],
        ),
        (
            "商談",
            vec![
                vec![
                    S("商談ID"),
                    S("リードID"),
                    S("商談化日"),
                    S("ステータス"),
                    S("受注額"),
                    S("受注日"),
                    S("月額(MRR)"),
                    S("契約月数"),
                ],
                vec![
                    S("D1"),
                    S("L1"),
                    D(2025, 4, 20),
                    S("受注"),
                    N(1_200_000.0),
                    D(2025, 5, 15),
                    N(100_000.0),
                    N(12.0),
                ],
                vec![
                    S("D2"),
                    S("L2"),
                    D(2025, 4, 25),
                    S("成約"),
                    S("¥600,000"),
                    D(2025, 6, 10),
                    E,
                    N(12.0),
                ],
                vec![
                    S("D3"),
                    S("L3"),
                    D(2025, 4, 30),
                    S("失注"),
                    E,
                    D(2025, 5, 20),
                    E,
                    E,
                ],
                vec![S("D4"), S("L5"), D(2025, 5, 20), S("商談中"), E, E, E, E],
                vec![
                    S("D5"),
                    S("L6"),
                    D(2025, 4, 25),
                    S("won"),
                    S("30万"),
                    D(2025, 6, 20),
                    E,
                    E,
                ],
                vec![
                    S("D6"),
                    E,
                    D(2025, 5, 1),
                    S("受注"),
                    N(200_000.0),
                    D(2025, 5, 30),
                    N(20_000.0),
                    E,
                ],
                vec![
                    S("D8"),
                    S("L2"),
                    D(2025, 3, 1),
                    S("受注"),
                    N(100_000.0),
                    D(2025, 3, 31),
                    E,
                    E,
                ],
            ],
        ),
        (
            "費用",
            vec![
                vec![S("年月"), S("チャネル"), S("費目"), S("金額")],
                vec![S("2025/04"), S("LinkedIn"), S("広告費"), N(100_000.0)],
                vec![S("2025-04"), S("X"), S("広告費"), S("50,000円")],
                vec![S("2025年5月"), S("YouTube"), S("制作費"), S("３００００")],
                vec![S("2025/04"), S("ウェビナー"), S("ツール"), N(80_000.0)],
                vec![S("2025/05"), S("リスティング"), S("広告費"), N(40_000.0)],
                vec![S("2025/07"), S("LinkedIn"), S("広告費"), N(999_999.0)],
            ],
        ),
    ]
}

fn run() -> (tempfile::TempDir, serde_json::Value) {
    let dir = temp_dir();
    write_xlsx(&dir.path().join("marketing.xlsx"), &dataset());
    std::fs::write(
        dir.path().join("kpibook.toml"),
        "gross_margin = 0.5\nmonthly_churn = 0.05\n",
    )
    .unwrap();
    let out = kpibook(
        dir.path(),
        &[
            "report",
            "marketing.xlsx",
            "-o",
            "report.xlsx",
            "--period",
            "2025-04-01..2025-06-30",
            "--summary-json",
            "summary.json",
            "--quiet",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    let json = read_json(&dir.path().join("summary.json"));
    (dir, json)
}

#[test]
fn totals_match_the_hand_computation() {
    let (_dir, s) = run();
    let t = &s["totals"];
    // Costs in period: 100,000 + 50,000 + 30,000 + 80,000 + 40,000 (July excluded).
    assert_close(&t["cost"], 300_000.0, "cost");
    // SNS: linkedin 100,000 + x 50,000 + youtube 30,000.
    assert_close(&t["sns_cost"], 180_000.0, "sns_cost");
    // Leads created in period: L1-L5, L7 (L6 was created in March).
    assert_eq!(t["leads"], 6);
    // SNS leads: L1 linkedin, L2 x (its post), L4 youtube (its post), L5 (assisted by an X touch).
    assert_eq!(t["sns_leads"], 4);
    // MQL by mql_at: L1, L2, L3, L5, L6.
    assert_eq!(t["mql"], 5);
    // Deals created in period: D1-D6.
    assert_eq!(t["opportunities"], 6);
    // Won and closed in period: D1, D2, D5, D6 = 1.2M + 0.6M + 0.3M + 0.2M.
    assert_eq!(t["won"], 4);
    assert_close(&t["revenue"], 2_300_000.0, "revenue");
    // Linear: linkedin 0.5 (D1), x 1 (D2); revenue 600,000 + 600,000.
    assert_close(&t["sns_attributed_won"], 1.5, "sns_attributed_won");
    assert_close(
        &t["sns_attributed_revenue"],
        1_200_000.0,
        "sns_attributed_revenue",
    );
    assert_close(&t["cpa"], 300_000.0 / 6.0, "cpa");
    assert_close(&t["sns_cpa"], 180_000.0 / 4.0, "sns_cpa");
    assert_close(&t["cac"], 300_000.0 / 4.0, "cac");
    assert_close(&t["sns_cac"], 180_000.0 / 1.5, "sns_cac");
    assert_close(&t["roas"], 2_300_000.0 / 300_000.0, "roas");
    assert_close(&t["sns_roas"], 1_200_000.0 / 180_000.0, "sns_roas");
    // ROI on gross margin 0.5: (1,150,000 - 300,000) / 300,000.
    assert_close(&t["roi"], 850_000.0 / 300_000.0, "roi");
    assert_close(
        &t["sns_roi"],
        (600_000.0 - 180_000.0) / 180_000.0,
        "sns_roi",
    );
    assert_close(&t["cost_per_mql"], 60_000.0, "cost_per_mql");
    assert_close(&t["lead_to_mql"], 5.0 / 6.0, "lead_to_mql");
    assert_close(&t["mql_to_opportunity"], 6.0 / 5.0, "mql_to_opportunity");
    assert_close(&t["opportunity_rate"], 1.0, "opportunity_rate");
    // Closed in period: 4 won, 1 lost (D3).
    assert_close(&t["win_rate"], 0.8, "win_rate");
    assert_eq!(s["gross_margin"], 0.5);
    assert_eq!(s["model"], "linear");
    assert_eq!(s["period"]["start"], "2025-04-01");
    assert_eq!(s["period"]["end"], "2025-06-30");
}

#[test]
fn channels_match_the_hand_computation() {
    let (_dir, s) = run();
    let c = &s["channels"];
    let li = &c["linkedin"];
    assert_close(&li["cost"], 100_000.0, "linkedin cost");
    assert_eq!(
        (
            li["leads"].clone(),
            li["mql"].clone(),
            li["opportunities"].clone(),
            li["won"].clone()
        ),
        (1.into(), 1.into(), 1.into(), 1.into())
    );
    assert_close(&li["attributed_won"], 0.5, "linkedin attributed_won");
    assert_close(
        &li["attributed_revenue"],
        600_000.0,
        "linkedin attributed_revenue",
    );
    assert_close(&li["cpa"], 100_000.0, "linkedin cpa");
    assert_close(&li["cac"], 200_000.0, "linkedin cac");
    assert_close(&li["roas"], 6.0, "linkedin roas");
    assert_close(&li["roi"], 2.0, "linkedin roi");

    let x = &c["x"];
    assert_close(&x["cac"], 50_000.0, "x cac");
    assert_close(&x["roi"], 5.0, "x roi");

    // YouTube: one lead, no MQL, nothing won: cost_per_mql and cac undefined, ROAS 0, ROI -100%.
    let yt = &c["youtube"];
    assert_close(&yt["cpa"], 30_000.0, "youtube cpa");
    assert!(yt["cost_per_mql"].is_null() && yt["cac"].is_null());
    assert_close(&yt["roas"], 0.0, "youtube roas");
    assert_close(&yt["roi"], -1.0, "youtube roi");

    let webinar = &c["webinar"];
    assert_close(
        &webinar["attributed_revenue"],
        150_000.0,
        "webinar attributed revenue",
    );
    assert_close(
        &webinar["roi"],
        (75_000.0 - 80_000.0) / 80_000.0,
        "webinar roi",
    );

    // Event: no cost row while other channels have some (issue 22): its cost is unknown, so
    // its cost and every figure made from it are null, not 0; L6's MQL and D5 still count.
    let event = &c["event"];
    for key in ["cost", "cpa", "cost_per_mql", "cac", "roas", "roi"] {
        assert!(event[key].is_null(), "event {key}: {}", event[key]);
    }
    assert_eq!(event["mql"], 1);
    assert_eq!(event["won"], 1);

    // Unknown channel "Podcast" counts as other; the deal without a lead as unattributed.
    assert_eq!(c["other"]["leads"], 1);
    assert_eq!(c["unattributed"]["won"], 1);
    assert_close(
        &c["unattributed"]["attributed_revenue"],
        200_000.0,
        "unattributed",
    );
    assert_close(
        &c["email"]["attributed_revenue"],
        600_000.0,
        "email (linear)",
    );
}

#[test]
fn three_models_credit_as_worked_out() {
    let (_dir, s) = run();
    let a = &s["attribution"];
    // D1: email touch then the LinkedIn lead; D2: X only; D5: event lead then a webinar touch; D6: no lead.
    let expect = |model: &str, pairs: &[(&str, f64)]| {
        let m = &a[model];
        let mut total = 0.0;
        for (channel, value) in pairs {
            assert_close(&m[*channel], *value, &format!("{model} {channel}"));
            total += value;
        }
        // A channel with touches in some window but no credit under this model shows 0.
        for (channel, value) in m.as_object().unwrap() {
            if !pairs.iter().any(|(c, _)| c == channel) {
                assert_close(value, 0.0, &format!("{model} {channel} (no credit)"));
            }
        }
        assert_close(&serde_json::json!(total), 2_300_000.0, model);
    };
    expect(
        "first_touch",
        &[
            ("email", 1_200_000.0),
            ("x", 600_000.0),
            ("event", 300_000.0),
            ("unattributed", 200_000.0),
        ],
    );
    expect(
        "last_touch",
        &[
            ("linkedin", 1_200_000.0),
            ("x", 600_000.0),
            ("webinar", 300_000.0),
            ("unattributed", 200_000.0),
        ],
    );
    expect(
        "linear",
        &[
            ("email", 600_000.0),
            ("linkedin", 600_000.0),
            ("x", 600_000.0),
            ("event", 150_000.0),
            ("webinar", 150_000.0),
            ("unattributed", 200_000.0),
        ],
    );
}

#[test]
fn four_more_models_and_markov_effects_as_worked_out() {
    let (_dir, s) = run();
    let a = &s["attribution"];
    let expect = |model: &str, pairs: &[(&str, f64)]| {
        let m = &a[model];
        for (channel, value) in pairs {
            assert_close(&m[*channel], *value, &format!("{model} {channel}"));
        }
        let total: f64 = m
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_f64().unwrap())
            .sum();
        assert_close(&serde_json::json!(total), 2_300_000.0, model);
    };
    // D1: email (04-01 09:00) then the LinkedIn lead (04-06); D2: X only; D5: the event lead
    // (03-20) then a webinar touch (04-20 10:00); D6: no lead. Two touches each: position is 50/50.
    expect(
        "position",
        &[
            ("email", 600_000.0),
            ("linkedin", 600_000.0),
            ("x", 600_000.0),
            ("event", 150_000.0),
            ("webinar", 150_000.0),
            ("unattributed", 200_000.0),
        ],
    );
    // W-shaped, two touches: D1's creation touch is the last (LinkedIn 0.65, email 0.35); D5's is
    // the first (event 0.65, webinar 0.35).
    expect(
        "w_shaped",
        &[
            ("email", 420_000.0),
            ("linkedin", 780_000.0),
            ("x", 600_000.0),
            ("event", 195_000.0),
            ("webinar", 105_000.0),
        ],
    );
    // Time decay, half-life 7: D1's touches are 4 days 15 hours apart, D5's 31 days 10 hours.
    let d1 = 2f64.powf(-4.625 / 7.0);
    let d5 = 2f64.powf(-(31.0 + 10.0 / 24.0) / 7.0);
    expect(
        "time_decay",
        &[
            ("email", 1_200_000.0 * d1 / (1.0 + d1)),
            ("linkedin", 1_200_000.0 / (1.0 + d1)),
            ("x", 600_000.0),
            ("event", 300_000.0 * d5 / (1.0 + d5)),
            ("webinar", 300_000.0 / (1.0 + d5)),
        ],
    );
    // Markov paths, one per lead: email>linkedin conv, x conv, webinar null, youtube null,
    // x>search_ads null, event>webinar conv, other null. P(conv) = (1 + 2 x 1/2 + 1/2 + 1/2) / 7
    // = 3/7. Without email, linkedin, x or webinar: 2/7 (effect 1/3); without event: 2.5/7 (1/6);
    // search_ads, youtube and other lead nowhere else: 0.
    let e = &s["markov_removal_effects"];
    for (channel, effect) in [
        ("email", 1.0 / 3.0),
        ("linkedin", 1.0 / 3.0),
        ("x", 1.0 / 3.0),
        ("webinar", 1.0 / 3.0),
        ("event", 1.0 / 6.0),
        ("search_ads", 0.0),
        ("youtube", 0.0),
        ("other", 0.0),
    ] {
        assert!(
            (e[channel].as_f64().unwrap() - effect).abs() < 1e-12,
            "{channel}: {}",
            e[channel]
        );
    }
    assert_eq!(e.as_object().unwrap().len(), 8);
    // D1 and D2 as linear; D5: event 1/6 against webinar 1/3, so 1/3 and 2/3 of 300,000.
    expect(
        "markov",
        &[
            ("email", 600_000.0),
            ("linkedin", 600_000.0),
            ("x", 600_000.0),
            ("event", 100_000.0),
            ("webinar", 200_000.0),
            ("unattributed", 200_000.0),
        ],
    );
}

#[test]
fn ltv_funnel_and_posts_match_the_hand_computation() {
    let (_dir, s) = run();
    // ARPA over won deals: D1 mrr 100,000; D2 600,000 / 12 = 50,000; D6 mrr 20,000; D5 has neither.
    let arpa = 170_000.0 / 3.0;
    let l = &s["ltv"];
    assert_eq!(l["method"], "churn");
    assert_close(&l["arpa"], arpa, "arpa");
    assert_close(&l["ltv"], arpa * 0.5 / 0.05, "ltv");
    assert_close(&l["ltv_cac"], arpa * 0.5 / 0.05 / 75_000.0, "ltv_cac");
    assert_close(
        &l["payback_months"],
        75_000.0 / (arpa * 0.5),
        "payback_months",
    );

    let f = &s["funnel"];
    // Posts published in period: P1, P2, P3.
    assert_close(&f["impressions"], 8000.0, "impressions");
    assert_close(&f["engagements"], 190.0, "engagements");
    assert_close(&f["clicks"], 80.0, "clicks");
    assert_close(&f["leads"], 6.0, "funnel leads");
    assert_close(&f["won"], 4.0, "funnel won");
    assert_close(&f["revenue"], 2_300_000.0, "funnel revenue");

    let p = &s["posts"];
    assert_eq!(p["P1"]["leads"], 1);
    assert_eq!(p["P1"]["won"], 1);
    assert_close(&p["P1"]["attributed_revenue"], 600_000.0, "P1");
    // P2: L2 by utm_content; D8 was created and closed before the period.
    assert_eq!(p["P2"]["opportunities"], 1);
    assert_close(&p["P2"]["attributed_revenue"], 600_000.0, "P2");
    // P3: L4 by utm_campaign "launch" on YouTube.
    assert_eq!(p["P3"]["leads"], 1);
    assert_eq!(p["P4"]["leads"], 0);
}

#[test]
fn rows_reconcile() {
    let (_dir, s) = run();
    let rows = &s["rows"];
    assert_eq!(rows["leads"]["read"], 7);
    assert_eq!(rows["leads"]["accepted"], 7);
    assert_eq!(rows["deals"]["accepted"], 7);
    assert_eq!(rows["posts"]["accepted"], 4);
    assert_eq!(rows["costs"]["accepted"], 6);
    assert_eq!(rows["touches"]["accepted"], 3);
    // One warning: the unknown channel "Podcast".
    assert_eq!(s["issues"]["error"], 0);
    assert_eq!(s["issues"]["warning"], 1);
}

#[test]
fn other_models_and_periods_through_the_command_line() {
    let dir = temp_dir();
    write_xlsx(&dir.path().join("m.xlsx"), &dataset());
    std::fs::write(dir.path().join("kpibook.toml"), "gross_margin = 0.5\n").unwrap();
    let out = kpibook(
        dir.path(),
        &[
            "report",
            "m.xlsx",
            "-o",
            "r.xlsx",
            "--month",
            "2025-05",
            "--model",
            "first_touch",
            "--summary-json",
            "s.json",
            "-q",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let s = read_json(&dir.path().join("s.json"));
    // May: costs youtube 30,000 + search_ads 40,000; leads L4, L5; won D1, D6.
    assert_close(&s["totals"]["cost"], 70_000.0, "May cost");
    assert_eq!(s["totals"]["leads"], 2);
    assert_eq!(s["totals"]["won"], 2);
    assert_close(&s["totals"]["revenue"], 1_400_000.0, "May revenue");
    assert_eq!(s["model"], "first_touch");
    // First touch of D1 is the email touch: no SNS attributed revenue in May.
    assert_close(
        &s["totals"]["sns_attributed_revenue"],
        0.0,
        "May sns revenue",
    );

    // FY2025 (April start) holds everything but D8 and L6's creation (both in March).
    let out = kpibook(
        dir.path(),
        &[
            "report",
            "m.xlsx",
            "-o",
            "r.xlsx",
            "--fy",
            "2025",
            "--summary-json",
            "s.json",
            "-q",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let s = read_json(&dir.path().join("s.json"));
    assert_eq!(s["period"]["start"], "2025-04-01");
    assert_eq!(s["period"]["end"], "2026-03-31");
    assert_eq!(s["totals"]["won"], 4);
    // The July LinkedIn cost is inside the fiscal year.
    assert_close(&s["totals"]["cost"], 1_299_999.0, "FY cost");
}
