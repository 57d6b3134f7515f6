// `Language` and `LocalizedText` live in SheetCore so that every layer's errors can be described in the
// user's language; the catalog model re-exports them, so `import DisclosureCatalog` keeps naming them.
@_exported import enum SheetCore.Language
@_exported import struct SheetCore.LocalizedText
