//! The emulator of the Resellers API. One pure entry point,
//! `Sandbox::handle(HttpRequest) -> HttpResponse`, serves every front.
