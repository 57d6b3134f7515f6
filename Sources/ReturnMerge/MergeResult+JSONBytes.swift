extension MergeResult {
    /// The JSON form of this merge in memory, byte for byte what `writeJSON(toFile:)` writes
    /// (`disclosure merge --json`); for the round portal, which serves it over HTTP.
    public func jsonBytes() -> [UInt8] { encodedJSON() }
}
