//! Create Package validation, native figures (printed, nothing asserted):
//! what each way of checking a 1000-product body costs, so that the choice
//! between the one-pass text check and the rules over a `Value` tree is made
//! on numbers. The body is the one `benches/js/client-cpu.mjs` creates
//! (floating products, `GB`, `RECURRING` / `MONTH` / 1), and the same with a
//! distinct `siteId` on every product (the duplicate-assignment map filled).
//!
//! Run with `cargo bench --bench rules`.

use serde_json::{json, Value};
use std::hint::black_box;
use std::time::Instant;
use wix_resellers::json_text::write_value;
use wix_resellers::rules::{valid_create_text, validate_create_package, CreateVersion};

const RUNS: usize = 400;

fn body(sites: bool) -> Value {
    let products: Vec<Value> = (0..1000u32)
        .map(|index| {
            let mut product = json!({
                "catalogProductId": "ca7a1090-0000-4000-8000-000000000101",
                "countryCode": "GB",
                "billingInfo": { "type": "RECURRING", "cycleDuration": { "unit": "MONTH", "count": 1 } },
            });
            if sites {
                product["siteId"] = json!(format!("517e0000-0000-4000-8000-{index:012x}"));
            }
            product
        })
        .collect();
    json!({ "products": products, "externalId": "order-1000", "idempotencyKey": "bench-key-1" })
}

/// Median microseconds of `RUNS` runs of `work` (after 40 to warm up).
fn median_us(mut work: impl FnMut()) -> f64 {
    for _ in 0..40 {
        work();
    }
    let mut times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times.get(RUNS / 2).copied().unwrap_or_default()
}

fn main() {
    for (name, sites) in [("floating", false), ("with siteIds", true)] {
        let value = body(sites);
        let text = serde_json::to_string(&value).unwrap_or_default();
        let version = CreateVersion::V2;
        let parse = median_us(|| drop(black_box(serde_json::from_str::<Value>(&text))));
        let walk = median_us(|| drop(black_box(validate_create_package(&value, version))));
        let parse_walk = median_us(|| {
            let tree = serde_json::from_str::<Value>(&text).unwrap_or_default();
            drop(black_box(validate_create_package(&tree, version)));
        });
        let one_pass = median_us(|| drop(black_box(valid_create_text(&text, version))));
        let write = median_us(|| {
            let mut out = Vec::with_capacity(text.len());
            write_value(&mut out, &value);
            drop(black_box(out));
        });
        println!("create, 1000 products {name} ({} bytes):", text.len());
        println!("  text -> Value (serde_json, dropped)        {parse:8.1} µs");
        println!("  rules over the Value tree                  {walk:8.1} µs");
        println!("  text -> Value -> rules (the tree path)     {parse_walk:8.1} µs");
        println!("  one pass over the text                     {one_pass:8.1} µs");
        println!("  Value -> text (json_text::write_value)     {write:8.1} µs");
    }
}
