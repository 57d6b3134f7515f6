/// The version of DisclosureKit (the library and the `disclosure` tool), as `disclosure --version` prints it.
public enum DisclosureVersion {
    public static let string = "0.14.0"
}
