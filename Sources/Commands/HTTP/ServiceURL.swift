/// A service's API path under the base URL the settings name, whether the
/// operator wrote that base with a trailing slash or not.
func serviceURL(_ base: String, _ path: String) -> String {
  (base.hasSuffix("/") ? String(base.dropLast()) : base) + path
}
