//! Field paths such as `products[3].countryCode`, built without allocating:
//! a path is a chain of borrowed segments on the stack and is only rendered
//! to text when a violation is reported, so valid input costs nothing.

/// Keys longer than this are cut in rendered paths, so a hostile key of a
/// megabyte cannot make a violation that large.
const MAX_KEY_CHARS: usize = 40;

/// A location inside a JSON request body.
#[derive(Clone, Copy, Debug)]
pub(super) enum Path<'a> {
    /// The body itself.
    Root,
    /// A member of an object.
    Key(&'a Path<'a>, &'a str),
    /// An element of an array.
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    /// The member `key` of this object.
    pub(super) fn key(&'a self, key: &'a str) -> Path<'a> {
        Path::Key(self, key)
    }

    /// The element `index` of this array.
    pub(super) fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }

    /// The path as Wix writes it; the body itself is `request`.
    pub(super) fn render(&self) -> String {
        let mut out = String::new();
        match self {
            Path::Root => out.push_str("request"),
            _ => self.write_to(&mut out),
        }
        out
    }

    /// Appends the path (nothing for the body itself). Pushed onto one
    /// `String`, not a `Display` through `core::fmt` (smaller in the `.wasm`).
    fn write_to(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Key(parent, key) => {
                if !matches!(parent, Path::Root) {
                    parent.write_to(out);
                    out.push('.');
                }
                write_key(out, key);
            }
            Path::Index(parent, index) => {
                parent.write_to(out);
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
        }
    }
}

/// Writes a key as it is, except that control characters are escaped (a
/// path ends up in logs and error messages) and very long keys are cut.
fn write_key(out: &mut String, key: &str) {
    for (count, character) in key.chars().enumerate() {
        if count == MAX_KEY_CHARS {
            out.push('…');
            return;
        }
        if character.is_control() {
            out.extend(character.escape_default());
        } else {
            out.push(character);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_like_wix_field_names() {
        let root = Path::Root;
        let products = root.key("products");
        let third = products.index(3);
        assert_eq!(third.key("countryCode").render(), "products[3].countryCode");
        let billing = products.index(0);
        let billing = billing.key("billingInfo");
        let duration = billing.key("cycleDuration");
        assert_eq!(
            duration.key("unit").render(),
            "products[0].billingInfo.cycleDuration.unit"
        );
    }

    #[test]
    fn the_body_itself_is_called_request() {
        assert_eq!(Path::Root.render(), "request");
    }

    #[test]
    fn long_keys_are_cut() {
        let key = "k".repeat(10_000);
        let root = Path::Root;
        let rendered = root.key(&key).render();
        assert_eq!(rendered.chars().count(), MAX_KEY_CHARS + 1);
        assert!(rendered.ends_with('…'));
    }

    #[test]
    fn control_characters_in_keys_are_escaped() {
        let root = Path::Root;
        assert_eq!(root.key("a\nb").render(), "a\\nb");
    }
}
