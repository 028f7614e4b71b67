// GraphQL Code Generator's client preset over documents written by the tests (the README's
// examples), against the committed SDL. Stock settings but two: where the documents are and where
// the output goes, both from the environment so nothing generated lands in the repository.
//
//   CODEGEN_DOCUMENTS='/tmp/x/*.graphql' CODEGEN_OUT=/tmp/x/gql/ \
//     npx --prefix web graphql-codegen --config web/clients/codegen.ts
import { fileURLToPath } from "node:url";
import type { CodegenConfig } from "@graphql-codegen/cli";

const documents = process.env.CODEGEN_DOCUMENTS;
const out = process.env.CODEGEN_OUT;
if (!documents || !out) throw new Error("set CODEGEN_DOCUMENTS (a glob) and CODEGEN_OUT (a folder ending in /)");

const config: CodegenConfig = {
  schema: fileURLToPath(new URL("../../schema/schema.graphql", import.meta.url)),
  documents,
  ignoreNoDocuments: false,
  generates: {
    [out]: {
      preset: "client",
      // Also the trusted-documents manifest (hash to text), in the form the server's
      // GRAPHSERVICE_TRUSTED_DOCUMENTS reads, hashed with SHA-256 as it expects.
      presetConfig: { persistedDocuments: { hashAlgorithm: "sha256" } },
    },
  },
};

export default config;
