//! Every enum of the reference with all its documented values, plus a
//! catch-all variant that keeps a value a newer API may send, so decoding a
//! response never fails on an unknown enum value.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Declares a wire enum: known variants, an `Unrecognized(String)` catch-all,
/// string (de)serialisation and the TypeScript union in the generated `.d.ts`.
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version does not know, kept as sent.
            Unrecognized(String),
        }

        impl $name {
            /// Every documented value, in the reference's order.
            pub const KNOWN: &'static [&'static str] = &[$($wire),+];

            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)+
                    $name::Unrecognized(other) => other,
                }
            }

            /// Parses a wire value; unknown values become `Unrecognized`.
            pub fn from_wire(text: &str) -> Self {
                match text {
                    $($wire => $name::$variant,)+
                    other => $name::Unrecognized(other.to_owned()),
                }
            }

            /// True for documented values.
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Unrecognized(_))
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
                Ok($name::from_wire(&text))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str(self.as_str())
            }
        }

        const _: () = {
            #[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
            const TS_TYPE: &'static str = concat!(
                "export type ", stringify!($name), " = ",
                $("\"", $wire, "\" | ",)+ "never;"
            );
        };
    };
}

wire_enum! {
    /// `ProductInstance.status`.
    Status {
        /// Not yet available to the customer.
        Pending = "PENDING",
        /// The customer can use the instance.
        Enabled = "ENABLED",
        /// No longer available to the customer.
        Canceled = "CANCELED",
        /// Delivery failed; `failure` says why.
        Failed = "FAILED",
        /// Waiting for the customer or an external provider.
        AwaitingAction = "AWAITING_ACTION",
    }
}

wire_enum! {
    /// `ProductInstance.failure.code`.
    FailureCode {
        /// No reason given.
        Unknown = "UNKNOWN",
        /// Delivery took too long.
        DeliveryTimeout = "DELIVERY_TIMEOUT",
        /// An external process failed.
        ExternalFailure = "EXTERNAL_FAILURE",
    }
}

wire_enum! {
    /// `billingInfo.type`: how the reseller pays Wix.
    CycleDescriptorType {
        /// Not set.
        Unknown = "UNKNOWN",
        /// Paid once.
        OneTime = "ONE_TIME",
        /// Paid every `cycleDuration`.
        Recurring = "RECURRING",
    }
}

wire_enum! {
    /// `billingInfo.cycleDuration.unit`.
    IntervalUnit {
        /// Not set.
        Unknown = "UNKNOWN",
        /// Days.
        Day = "DAY",
        /// Weeks.
        Week = "WEEK",
        /// Months.
        Month = "MONTH",
        /// Years.
        Year = "YEAR",
    }
}

wire_enum! {
    /// Sort direction of a query.
    SortOrder {
        /// Ascending.
        Asc = "ASC",
        /// Descending.
        Desc = "DESC",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_round_trip() {
        for wire in Status::KNOWN {
            let parsed: Status = serde_json::from_str(&format!("\"{wire}\"")).expect("decodes");
            assert!(parsed.is_known());
            assert_eq!(
                serde_json::to_string(&parsed).expect("encodes"),
                format!("\"{wire}\"")
            );
        }
    }

    #[test]
    fn unknown_values_are_kept_not_rejected() {
        let parsed: Status = serde_json::from_str("\"SUSPENDED\"").expect("decodes");
        assert_eq!(parsed, Status::Unrecognized("SUSPENDED".into()));
        assert_eq!(
            serde_json::to_string(&parsed).expect("encodes"),
            "\"SUSPENDED\""
        );
    }
}
