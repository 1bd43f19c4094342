//! The collector of violations: keeps them in request order, builds each
//! description only when it will be kept, and caps the list so a request of
//! a thousand bad products cannot produce megabytes of errors.

use super::json_path::Path;
use super::limits::MAX_VIOLATIONS;
use crate::model::FieldViolation;

/// Rule names of violations the real server does not report as field
/// violations but answers with a business error of its own: a missing
/// `catalogProductId` (`PRODUCT_NOT_FOUND`), the same product twice on a site
/// (`MULTIPLE_PRODUCT_ASSIGNMENTS`) and an Adjust with nothing to adjust or a
/// `RECURRING` cycle without duration (`MISSING_PRODUCT_DETAILS`). The sandbox
/// drops these to answer as Wix does; the client reports them before sending.
/// They are capped apart from the others, so they never hide one.
pub const BUSINESS_RULE_NAMES: &[&str] = &[
    "CATALOG_PRODUCT_ID",
    "MULTIPLE_PRODUCT_ASSIGNMENTS",
    "MISSING_PRODUCT_DETAILS",
];

/// Violations found so far.
#[derive(Debug, Default)]
pub(super) struct Report {
    violations: Vec<FieldViolation>,
    /// Kept violations that the real server reports as field violations.
    field_rules: usize,
    /// Kept violations that the real server answers with a business error
    /// (see [`BUSINESS_RULE_NAMES`]). Counted apart so that a flood of them
    /// can never push a true field violation out of the list: the sandbox
    /// drops these and must still see every other one it would reject.
    business_rules: usize,
    /// Field violations dropped because the cap was reached.
    dropped: bool,
}

impl Report {
    /// Records that `path` breaks `rule` (and the finer `rule_name`);
    /// `description` runs only if the violation is kept.
    pub(super) fn flag(
        &mut self,
        path: &Path<'_>,
        rule: &str,
        rule_name: Option<&str>,
        description: impl FnOnce() -> String,
    ) {
        // Generic only in this line: the rest is one copy in the `.wasm`,
        // not one per call site.
        if self.keeps(rule_name) {
            self.push(path, rule, rule_name, description());
        }
    }

    /// Counts a violation of `rule_name` against its cap; false when it is
    /// left out.
    #[inline(never)]
    fn keeps(&mut self, rule_name: Option<&str>) -> bool {
        let business = rule_name.is_some_and(|name| BUSINESS_RULE_NAMES.contains(&name));
        let count = if business {
            &mut self.business_rules
        } else {
            &mut self.field_rules
        };
        if *count >= MAX_VIOLATIONS {
            if !business {
                self.dropped = true;
            }
            return false;
        }
        *count += 1;
        true
    }

    #[inline(never)]
    fn push(&mut self, path: &Path<'_>, rule: &str, rule_name: Option<&str>, description: String) {
        let violation = FieldViolation::new(path.render(), rule, description);
        self.violations.push(match rule_name {
            Some(name) => violation.named(name),
            None => violation,
        });
    }

    /// True once a field violation has been left out, so a long list can
    /// stop being walked: nothing more will be kept, and the closing note
    /// already says the list is incomplete.
    pub(super) fn is_full(&self) -> bool {
        self.dropped
    }

    /// The violations, with a closing note when some were left out.
    pub(super) fn finish(mut self) -> Vec<FieldViolation> {
        if self.dropped {
            self.violations.push(
                FieldViolation::new(
                    "request",
                    "OTHER",
                    format!(
                        "more than {MAX_VIOLATIONS} rules are broken; only the first \
                         {MAX_VIOLATIONS} are listed"
                    ),
                )
                .named("TOO_MANY_VIOLATIONS"),
            );
        }
        self.violations
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag_many(report: &mut Report, rule_name: Option<&str>, times: usize) {
        let root = Path::Root;
        for _ in 0..times {
            report.flag(&root.key("x"), "OTHER", rule_name, || "bad".to_owned());
        }
    }

    #[test]
    fn field_violations_are_capped_with_a_note() {
        let mut report = Report::default();
        flag_many(&mut report, None, 500);
        assert!(report.is_full());
        let violations = report.finish();
        assert_eq!(violations.len(), MAX_VIOLATIONS + 1);
        assert_eq!(
            violations.last().and_then(|v| v.rule_name.as_deref()),
            Some("TOO_MANY_VIOLATIONS")
        );
    }

    #[test]
    fn business_rule_violations_cannot_crowd_out_field_violations() {
        let mut report = Report::default();
        flag_many(&mut report, Some("CATALOG_PRODUCT_ID"), 500);
        flag_many(&mut report, Some("GUID"), 1);
        let violations = report.finish();
        assert_eq!(violations.len(), MAX_VIOLATIONS + 1);
        assert_eq!(
            violations.last().and_then(|v| v.rule_name.as_deref()),
            Some("GUID")
        );
    }

    #[test]
    fn descriptions_of_dropped_violations_are_never_built() {
        let mut report = Report::default();
        flag_many(&mut report, None, MAX_VIOLATIONS);
        let root = Path::Root;
        report.flag(&root, "OTHER", None, || {
            unreachable!("built a dropped description")
        });
    }
}
