//! Every error code a `ResellersError` can carry, written once: the Wix
//! application codes the reference documents, Wix's codes for a bare status,
//! the sandbox's own and the client's own. The lists feed the TypeScript
//! union `ResellersErrorCode` (the `.d.ts` types `code` as
//! `ResellersErrorCode | (string & {})`, so a code a newer API adds still
//! fits) and the tests that hold the runtime to them: `tests/error_code_list.rs`
//! fails when the reference, the sandbox's table or the client can produce a
//! code missing here, and `WixErrorBody::application` asserts it in native
//! debug builds. Nothing here is read at run time: the lists are not compiled
//! for wasm32 at all (even unused, their strings would reorder the `.wasm`'s
//! data), only the TypeScript section is.

/// Declares the code groups, `ERROR_CODES` (all of them) and the TypeScript union.
macro_rules! error_codes {
    ($($(#[$meta:meta])* $group:ident = [$($code:literal),+ $(,)?];)+) => {
        $($(#[$meta])* #[cfg(not(target_arch = "wasm32"))] pub const $group: &[&str] = &[$($code),+];)+

        /// Every group, in declaration order.
        #[cfg(not(target_arch = "wasm32"))]
        pub const ERROR_CODES: &[&[&str]] = &[$($group),+];

        const _: () = {
            #[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
            const TS_TYPE: &'static str = concat!(
                "/**\n",
                " * Every code a `ResellersError` can carry: the Wix application codes the\n",
                " * reference documents, Wix's codes for a bare status, the sandbox's and the\n",
                " * client's own. `ResellersError.code` is `ResellersErrorCode | (string & {})`:\n",
                " * a code a newer API adds still fits. Match with\n",
                " * `case 'PRODUCT_NOT_FOUND' satisfies ResellersErrorCode:` to have a typo refused.\n",
                " */\n",
                "export type ResellersErrorCode =",
                $($("\n    | \"", $code, "\"",)+)+
                ";"
            );
        };
    };
}

error_codes! {
    /// Application codes of the reference (docs/resellers-api.md section 7).
    DOCUMENTED_CODES = [
        "PRODUCT_NOT_FOUND",
        "ACCOUNT_NOT_FOUND",
        "PRODUCT_LIMIT_EXCEEDED",
        "PRODUCT_SETTINGS_NOT_FOUND",
        "MISSING_BILLING_CYCLE",
        "INCOMPATIBLE_BILLING_CYCLE",
        "INVALID_BILLING_CYCLE",
        "INVALID_PRODUCTS",
        "MULTIPLE_PRODUCT_ASSIGNMENTS",
        "PRODUCT_TYPE_ALREADY_ASSIGNED",
        "PRODUCT_NOT_SUPPORTED_ON_SITE",
        "SITE_NOT_FOUND",
        "INVALID_REFERENCE_PRODUCT_INSTANCE_ID",
        "PRODUCT_INSTANCE_NOT_FOUND",
        "INCOMPATIBLE_PRODUCT_INSTANCE_STATUS",
        "INCOMPATIBLE_PRODUCT",
        "MISSING_PRODUCT_DETAILS",
        "OPERATION_NOT_SUPPORTED_FOR_PRODUCT",
        "MISSING_SITE_ID",
    ];
    /// Wix's codes for a status that came without an application code
    /// (`client::status_code_name`; any other status is `HTTP_<status>`).
    STATUS_CODES = [
        "INVALID_ARGUMENT",
        "UNAUTHENTICATED",
        "PERMISSION_DENIED",
        "NOT_FOUND",
        "ALREADY_EXISTS",
        "FAILED_PRECONDITION",
        "RESOURCE_EXHAUSTED",
        "INTERNAL",
        "UNIMPLEMENTED",
        "BAD_GATEWAY",
        "UNAVAILABLE",
        "DEADLINE_EXCEEDED",
    ];
    /// The sandbox's own answers where the reference names no code (an
    /// unknown package, its router, its body cap, its cursors, its HTTP
    /// front, its state file and Durable Object storage).
    SANDBOX_CODES = [
        "PACKAGE_NOT_FOUND",
        "INVALID_CURSOR",
        "METHOD_NOT_ALLOWED",
        "PAYLOAD_TOO_LARGE",
        "BAD_REQUEST",
        "REQUEST_HEADER_FIELDS_TOO_LARGE",
        "REQUEST_TIMEOUT",
        "SANDBOX_ENGINE_ERROR",
        "SANDBOX_STATE_NOT_SAVED",
        "SANDBOX_STATE_INVALID",
        "SANDBOX_STATE_UNAVAILABLE",
    ];
    /// The client's own: refused before sending, or no usable answer.
    CLIENT_CODES = [
        "INVALID_CONFIG",
        "INVALID_REQUEST",
        "NETWORK_ERROR",
        "TIMEOUT",
        "ABORTED",
        "MALFORMED_RESPONSE",
        "RESPONSE_TOO_LARGE",
        "UNEXPECTED_REDIRECT",
        "CLIENT_FREED",
    ];
}

/// True when `code` is one of [`ERROR_CODES`].
#[cfg(not(target_arch = "wasm32"))]
pub fn is_declared_error_code(code: &str) -> bool {
    ERROR_CODES.iter().any(|group| group.contains(&code))
}
