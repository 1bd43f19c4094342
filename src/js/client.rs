//! `ResellersClient` in JS: converts arguments to JSON, forwards to the core
//! `Client` over the `fetch` transport, and converts answers and errors
//! back. Every argument is untrusted: garbage rejects with a
//! `ResellersError` and the instance keeps working.

use super::convert::{over_long_create, to_json, to_json_text, to_json_without};
use super::driver::Fetcher;
use super::error::{redacted, resellers_error_class, to_js_error};
use super::pager::PackagePager;
use crate::api;
use crate::client::machine::CallMachine;
use crate::client::request::{prepare, prepare_query, prepare_raw, projects, Prepared};
use crate::client::{CallOptions, ClientConfig, IterateOptions, ResellersError};
use crate::model::FieldViolation;
use crate::rules::UnknownFields;
use js_sys::{Function, Promise, Reflect};
use serde_json::Value;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

// What the class gets beyond the glue (`util.inspect`, a `free()` after
// which calls say so): src/js/client_class.mjs.
#[wasm_bindgen(module = "/src/js/client_class.mjs")]
extern "C" {
    #[wasm_bindgen(js_name = describeClients)]
    fn describe_clients(probe: ResellersClient, error_class: JsValue);
}

/// Whether the class's prototype has been given its extras.
static DESCRIBED: AtomicBool = AtomicBool::new(false);

/// A Wix Resellers API client. Immutable; `withAccount` makes another.
///
/// `console.log` and `JSON.stringify` show `{ accountId, baseUrl, timeoutMs,
/// maxRetries }`, never the key. `free()` is never needed: the garbage
/// collector releases a client, and its calls in flight finish either way;
/// after `free()`, every method fails with a `ResellersError` `CLIENT_FREED`.
#[wasm_bindgen]
pub struct ResellersClient {
    config: Rc<ClientConfig>,
    fetcher: Fetcher,
}

/// One call of the JS surface, ready to run: the operation, the validated
/// call (or the builder's violations), the per-call options, or an error in
/// the arguments themselves.
struct Job {
    operation: &'static str,
    work: Result<(Prepared, CallOptions), ResellersError>,
    /// The caller's `AbortSignal`, if the options carried one.
    signal: Option<JsValue>,
    /// Get Package answers `{ package }`; JS gets the package itself.
    unwrap_package: bool,
}

impl Job {
    fn new(operation: &'static str, work: Result<(Prepared, CallOptions), ResellersError>) -> Job {
        Job {
            operation,
            work,
            signal: None,
            unwrap_package: false,
        }
    }

    /// Starts the call: one promise, driven by JS over the call machine.
    fn spawn(self, client: &ResellersClient) -> Promise {
        let started = self.work.and_then(|(prepared, options)| {
            CallMachine::start(
                &client.config,
                self.operation,
                prepared,
                &options,
                js_sys::Date::now(),
                js_sys::Math::random,
            )
        });
        let machine = match started {
            Ok(machine) => machine,
            // An argument that could not be read never reached the machine,
            // which redacts its own errors; a getter's message may quote the key.
            Err(error) => return Promise::reject(&to_js_error(&redacted(&client.config, error))),
        };
        client
            .fetcher
            .drive(machine, self.unwrap_package, self.signal.as_ref())
    }
}

/// An argument that cannot even be read as JSON (a cycle, a BigInt, a
/// throwing getter).
fn unreadable(operation: &str, field: &str, reason: String) -> ResellersError {
    ResellersError::invalid_request(
        operation,
        vec![FieldViolation::new(
            field,
            "TYPE",
            format!("must be plain JSON data: {reason}"),
        )],
    )
}

fn json_arg(operation: &str, field: &str, value: &JsValue) -> Result<Value, ResellersError> {
    to_json(value).map_err(|reason| unreadable(operation, field, reason))
}

fn string_arg(operation: &str, field: &str, value: &JsValue) -> Result<String, ResellersError> {
    value.as_string().ok_or_else(|| {
        ResellersError::invalid_request(
            operation,
            vec![FieldViolation::new(
                field,
                if value.is_undefined() || value.is_null() {
                    "REQUIRED_FIELD"
                } else {
                    "TYPE"
                },
                "must be a string",
            )],
        )
    })
}

/// Optional per-call options (`undefined` or `null` for none), and the
/// `AbortSignal` among them, which is not JSON and is read on its own.
fn options_arg(
    operation: &str,
    options: &JsValue,
) -> Result<(CallOptions, Option<JsValue>), ResellersError> {
    let json = to_json_without(options, &["signal"])
        .map_err(|reason| unreadable(operation, "options", reason))?;
    let call_options = CallOptions::from_json(operation, &json)?;
    Ok((call_options, signal_of(operation, options)?))
}

/// The `signal` member of an options object: `None` when absent, an error
/// when it is no `AbortSignal`.
fn signal_of(operation: &str, options: &JsValue) -> Result<Option<JsValue>, ResellersError> {
    let signal = if options.is_object() {
        member(options, "signal")
    } else {
        JsValue::UNDEFINED
    };
    if signal.is_undefined() || signal.is_null() {
        return Ok(None);
    }
    let is_signal = member(&signal, "aborted").as_bool().is_some()
        && member(&signal, "addEventListener").is_function()
        && member(&signal, "removeEventListener").is_function();
    if !is_signal {
        return Err(ResellersError::invalid_request(
            operation,
            vec![FieldViolation::new(
                "options.signal",
                "TYPE",
                "must be an AbortSignal (for example AbortSignal.timeout(5000))",
            )],
        ));
    }
    Ok(Some(signal))
}

/// `target[name]`, `undefined` when reading it throws. One copy for every
/// member read (each `Reflect::get` inlined its `Result` handling).
#[inline(never)]
fn member(target: &JsValue, name: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// The per-call options of a method that takes them, or the defaults.
fn maybe_options(
    operation: &str,
    options: Option<&JsValue>,
) -> Result<(CallOptions, Option<JsValue>), ResellersError> {
    match options {
        Some(options) => options_arg(operation, options),
        None => Ok((CallOptions::default(), None)),
    }
}

/// The job of a call whose arguments are an ID string and, for mutations, the per-call
/// options. One copy for every such method (a fn pointer, not a generic).
fn id_call(
    operation: &'static str,
    field: &str,
    id: &JsValue,
    options: Option<&JsValue>,
    build: fn(&str) -> Prepared,
) -> Job {
    let mut signal = None;
    let work = string_arg(operation, field, id).and_then(|id| {
        let (options, given) = maybe_options(operation, options)?;
        signal = given;
        Ok((build(&id), options))
    });
    Job {
        signal,
        ..Job::new(operation, work)
    }
}

/// The job of a call whose argument is a JSON object and, for mutations, the per-call
/// options.
fn json_call(
    operation: &'static str,
    field: &str,
    value: &JsValue,
    options: Option<&JsValue>,
    build: Builder,
) -> Job {
    // The builder gets the JSON text: a create may never need a `Value`.
    let argument = to_json_text(value).map(Argument::Text);
    with_options(operation, field, argument, build, options)
}

/// A call's argument as read: its JSON text (`None`: nothing given), or
/// already refused.
enum Argument {
    Text(Option<String>),
    Refused(Vec<FieldViolation>),
}

/// A builder of a call from its argument's JSON text, told whether the
/// body may hold unknown fields (the options' `allowUnknownFields`). A fn
/// pointer: one copy of [`with_options`].
type Builder = fn(Option<String>, UnknownFields) -> Result<Prepared, String>;

/// The job of a create: [`json_call`], but an over-long `products` list is
/// refused from its length before anything is converted (see
/// [`over_long_create`]).
fn create_call(
    operation: &'static str,
    request: &JsValue,
    options: &JsValue,
    build: Builder,
) -> Job {
    let argument = match over_long_create(request) {
        Some(checked) => checked.map(Argument::Refused),
        None => to_json_text(request).map(Argument::Text),
    };
    with_options(operation, "request", argument, build, Some(options))
}

/// The job of a call whose argument became `argument` (or could not be
/// read: why), built by `build` under its per-call options.
fn with_options(
    operation: &'static str,
    field: &str,
    argument: Result<Argument, String>,
    build: Builder,
    options: Option<&JsValue>,
) -> Job {
    let mut signal = None;
    let unreadable = |reason| unreadable(operation, field, reason);
    let work = argument.map_err(unreadable).and_then(|argument| {
        let (options, given) = maybe_options(operation, options)?;
        signal = given;
        let prepared = match argument {
            Argument::Text(text) => build(text, options.unknown_fields).map_err(unreadable)?,
            Argument::Refused(violations) => Err(violations),
        };
        Ok((prepared, options))
    });
    Job {
        signal,
        ..Job::new(operation, work)
    }
}

#[wasm_bindgen]
impl ResellersClient {
    /// Validates the options; throws a `ResellersError` (`INVALID_CONFIG`) on bad ones.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "ResellersClientOptions")] options: JsValue,
    ) -> Result<ResellersClient, JsValue> {
        let fields = to_json_without(&options, &["fetch", "onRequest", "onResponse"])
            .map_err(|reason| {
                let error = ResellersError::config(format!("options must be plain data: {reason}"));
                // A throwing getter's message may quote the key beside it.
                match member(&options, "apiKey").as_string() {
                    Some(key) if key.len() >= crate::client::MIN_API_KEY_CHARS => {
                        error.redact(&key)
                    }
                    _ => error,
                }
            })
            .and_then(|fields| ClientConfig::from_json(&fields));
        let config = Rc::new(fields.map_err(|error| to_js_error(&error))?);
        let custom = custom_fetch(&options).map_err(|error| to_js_error(&error))?;
        let hooks = hooks(&options).map_err(|error| to_js_error(&error))?;
        if !DESCRIBED.swap(true, Ordering::Relaxed) {
            // Once: the JS side reaches the class's prototype through a
            // throwaway instance, which it frees.
            let probe = ResellersClient {
                config: Rc::clone(&config),
                fetcher: Fetcher::default(),
            };
            describe_clients(probe, resellers_error_class());
        }
        Ok(ResellersClient {
            config,
            fetcher: Fetcher::new(custom, hooks),
        })
    }

    /// What the client is: its account, base URL, timeout and retries (the
    /// option names), never the key; `freed: true` after `free()`.
    // JSON text from Rust, parsed by the wrapper src/js/client_class.mjs puts
    // in its place on the prototype before any client exists (a string
    // crosses for less `.wasm` than an object built here).
    #[wasm_bindgen(
        js_name = toJSON,
        unchecked_return_type = "{ accountId: string; baseUrl: string; timeoutMs: number; maxRetries: number; deadlineMs: number; freed?: true }"
    )]
    pub fn to_json(&self) -> String {
        self.config.to_json_text()
    }

    /// A client with the same settings for another account (a DIY sub-account).
    #[wasm_bindgen(js_name = withAccount)]
    pub fn with_account(
        &self,
        #[wasm_bindgen(js_name = accountId, unchecked_param_type = "string")] account_id: JsValue,
    ) -> Result<ResellersClient, JsValue> {
        let account_id = account_id.as_string().ok_or_else(|| {
            to_js_error(&ResellersError::config(
                "withAccount needs an account GUID string",
            ))
        })?;
        let config = self
            .config
            .with_account(&account_id)
            .map_err(|error| to_js_error(&error))?;
        Ok(ResellersClient {
            config: Rc::new(config),
            fetcher: self.fetcher.clone(),
        })
    }

    /// Creates a package of product instances (Create Package V2).
    #[wasm_bindgen(js_name = createPackageV2, unchecked_return_type = "Promise<WithResponse<PackageResponse>>")]
    pub fn create_package_v2(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CreatePackageRequest")] request: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        create_call("createPackageV2", &request, &options, |text, fields| {
            Ok(prepare(api::create_package_v2_text(text, fields)?))
        })
        .spawn(self)
    }

    /// The deprecated v1 create (no `countryCode` requirement).
    ///
    /// @deprecated Wix replaced it with Create Package V2: use `createPackageV2`.
    #[wasm_bindgen(js_name = createPackage, unchecked_return_type = "Promise<WithResponse<PackageResponse>>")]
    pub fn create_package(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CreatePackageV1Request")] request: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        create_call("createPackage", &request, &options, |text, fields| {
            Ok(prepare(api::create_package_text(text, fields)?))
        })
        .spawn(self)
    }

    /// Gets one package of the account.
    #[wasm_bindgen(js_name = getPackage, unchecked_return_type = "Promise<WithResponse<Package>>")]
    pub fn get_package(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        let mut job = id_call("getPackage", "id", &id, Some(&options), |id| {
            prepare(api::get_package(id))
        });
        job.unwrap_package = true;
        job.spawn(self)
    }

    /// One page of packages (`{}` or nothing for all, newest first); a
    /// query with `fields` or `fieldsets` is read as projected (only those
    /// fields need be there). Typed in src/js/types.d.ts (`interface
    /// ResellersClient`): the result's type depends on the query.
    #[wasm_bindgen(js_name = queryPackages, skip_typescript)]
    pub fn query_packages(&self, query: JsValue, options: JsValue) -> Promise {
        json_call(
            "queryPackages",
            "query",
            &query,
            Some(&options),
            |text, fields| {
                let query = api::read_json(text.as_deref())?;
                Ok(prepare_query(&query, projects(&query), fields))
            },
        )
        .spawn(self)
    }

    /// Every matching package, fetched page by page as the loop asks;
    /// projected on every page when the query has `fields` or `fieldsets`.
    /// Typed in src/js/types.d.ts, like `queryPackages`.
    #[wasm_bindgen(js_name = iteratePackages, skip_typescript)]
    pub fn iterate_packages(&self, query: JsValue, options: JsValue) -> JsValue {
        let operation = "iteratePackages";
        let mut signal = None;
        let prepared = json_arg(operation, "query", &query).and_then(|query| {
            let fields = to_json_without(&options, &["signal"])
                .map_err(|reason| unreadable(operation, "options", reason))?;
            signal = signal_of(operation, &options)?;
            Ok((query, IterateOptions::from_json(&fields)?))
        });
        PackagePager::start(
            Rc::clone(&self.config),
            self.fetcher.clone(),
            prepared,
            signal,
        )
    }

    /// Sends any Resellers path through the same pipeline (auth, key
    /// redaction, timeouts, the deadline, typed errors; retries for GET and
    /// DELETE only) and resolves with the parsed JSON answer: for endpoints
    /// this package does not know yet.
    #[wasm_bindgen(unchecked_return_type = "Promise<unknown>")]
    pub fn request(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RawRequest")] init: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        let operation = "request";
        let mut signal = None;
        let work = json_arg(operation, "request", &init).and_then(|init| {
            let (mut call_options, given) = options_arg(operation, &options)?;
            signal = given;
            if let Some(other) = init.as_object().and_then(|fields| {
                fields
                    .keys()
                    .find(|key| !matches!(key.as_str(), "method" | "path" | "body"))
            }) {
                return Err(ResellersError::invalid_request(
                    operation,
                    vec![FieldViolation::new(
                        format!("request.{other}"),
                        "OTHER",
                        "is not a member of a request; they are method, path and body",
                    )],
                ));
            }
            let text = |name: &str| init.get(name).and_then(Value::as_str).unwrap_or_default();
            let method = text("method");
            if !api::raw_is_retried(method) {
                call_options.max_retries = Some(0);
            }
            let body = init.get("body").filter(|body| !body.is_null());
            Ok((
                prepare_raw(api::raw(method, text("path"), body)),
                call_options,
            ))
        });
        Job {
            signal,
            ..Job::new(operation, work)
        }
        .spawn(self)
    }

    /// Cancels every instance of a package.
    #[wasm_bindgen(js_name = cancelPackage, unchecked_return_type = "Promise<WithResponse<PackageResponse>>")]
    pub fn cancel_package(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        id_call("cancelPackage", "id", &id, Some(&options), |id| {
            prepare(api::cancel_package(id))
        })
        .spawn(self)
    }

    /// Cancels one product instance.
    #[wasm_bindgen(js_name = cancelProductInstance, unchecked_return_type = "Promise<WithResponse<PackageResponse>>")]
    pub fn cancel_product_instance(
        &self,
        #[wasm_bindgen(js_name = instanceId, unchecked_param_type = "string")] instance_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        id_call(
            "cancelProductInstance",
            "instanceId",
            &instance_id,
            Some(&options),
            |id| prepare(api::cancel_product_instance(id)),
        )
        .spawn(self)
    }

    /// Up- or downgrades an instance, or changes its billing cycle.
    #[wasm_bindgen(
        js_name = adjustProductInstanceSpecifications,
        unchecked_return_type = "Promise<WithResponse<PackageResponse>>"
    )]
    pub fn adjust_product_instance_specifications(
        &self,
        #[wasm_bindgen(js_name = instanceId, unchecked_param_type = "string")] instance_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "AdjustProductInstanceRequest")] options: JsValue,
        // The adjust body already carries `idempotencyKey` (Wix's SDK shape);
        // this third argument gives the call a signal, timeout or retry count.
        #[wasm_bindgen(js_name = callOptions, unchecked_optional_param_type = "CallOptions")]
        call_options: JsValue,
    ) -> Promise {
        let operation = "adjustProductInstanceSpecifications";
        let mut signal = None;
        let work = string_arg(operation, "instanceId", &instance_id).and_then(|id| {
            let options = json_arg(operation, "options", &options)?;
            let (call, given) = options_arg(operation, &call_options)?;
            signal = given;
            let built =
                api::adjust_product_instance_specifications(&id, &options, call.unknown_fields);
            Ok((prepare(built), call))
        });
        Job {
            signal,
            ..Job::new(operation, work)
        }
        .spawn(self)
    }

    /// Assigns (or reassigns) an instance to a site.
    #[wasm_bindgen(
        js_name = assignProductInstanceToSite,
        unchecked_return_type = "Promise<WithResponse<PackageResponse>>"
    )]
    pub fn assign_product_instance_to_site(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AssignProductInstanceToSiteIdentifiers")]
        identifiers: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        json_call(
            "assignProductInstanceToSite",
            "identifiers",
            &identifiers,
            Some(&options),
            |text, fields| {
                let identifiers = api::read_json(text.as_deref())?;
                Ok(prepare(api::assign_product_instance_to_site(
                    &identifiers,
                    fields,
                )))
            },
        )
        .spawn(self)
    }

    /// Makes an instance floating.
    #[wasm_bindgen(
        js_name = unassignProductInstanceFromSite,
        unchecked_return_type = "Promise<WithResponse<PackageResponse>>"
    )]
    pub fn unassign_product_instance_from_site(
        &self,
        #[wasm_bindgen(js_name = instanceId, unchecked_param_type = "string")] instance_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        id_call(
            "unassignProductInstanceFromSite",
            "instanceId",
            &instance_id,
            Some(&options),
            |id| prepare(api::unassign_product_instance_from_site(id)),
        )
        .spawn(self)
    }

    /// Sets a package's external ID.
    #[wasm_bindgen(
        js_name = updatePackageExternalId,
        unchecked_return_type = "Promise<WithResponse<UpdatePackageExternalIdResponse>>"
    )]
    pub fn update_package_external_id(
        &self,
        #[wasm_bindgen(unchecked_param_type = "UpdatePackageExternalIdIdentifiers")]
        identifiers: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        json_call(
            "updatePackageExternalId",
            "identifiers",
            &identifiers,
            Some(&options),
            |text, fields| {
                let identifiers = api::read_json(text.as_deref())?;
                Ok(prepare(api::update_package_external_id(
                    &identifiers,
                    fields,
                )))
            },
        )
        .spawn(self)
    }
}

/// `{ onRequest?, onResponse? }` of the options (each a function), or
/// `undefined` when neither is given: the driver then builds no events.
fn hooks(options: &JsValue) -> Result<JsValue, ResellersError> {
    let hooks = js_sys::Object::new();
    let mut any = false;
    for name in ["onRequest", "onResponse"] {
        let hook = given_option(options, name)?;
        if hook.is_undefined() || hook.is_null() {
            continue;
        }
        if !hook.is_function() {
            return Err(ResellersError::config(format!(
                "{name} must be a function (event) => void"
            )));
        }
        any = true;
        // Setting a plain object's own property cannot fail.
        let _ = Reflect::set(&hooks, &JsValue::from_str(name), &hook);
    }
    Ok(if any {
        hooks.into()
    } else {
        JsValue::UNDEFINED
    })
}

/// The member `name` of the options (`undefined` when they are no
/// object), an `INVALID_CONFIG` error when reading it throws. One copy for
/// `fetch` and the hooks.
#[inline(never)]
fn given_option(options: &JsValue, name: &str) -> Result<JsValue, ResellersError> {
    if !options.is_object() {
        return Ok(JsValue::UNDEFINED);
    }
    Reflect::get(options, &JsValue::from_str(name))
        .map_err(|_| ResellersError::config(format!("options.{name} could not be read")))
}

/// The `fetch` option: absent, or a function.
fn custom_fetch(options: &JsValue) -> Result<Option<Function>, ResellersError> {
    let fetch = given_option(options, "fetch")?;
    if fetch.is_undefined() || fetch.is_null() {
        return Ok(None);
    }
    fetch.dyn_into::<Function>().map(Some).map_err(|_| {
        ResellersError::config("fetch must be a function (request: Request) => Promise<Response>")
    })
}
