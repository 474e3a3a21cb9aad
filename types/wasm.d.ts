// `.wasm` imports: Bun's `{ type: "file" }` gives an embedded file path; workerd's module rule
// gives a compiled WebAssembly.Module. Each importer says which it expects.
declare module "*.wasm" {
  const value: string;
  export default value;
}
