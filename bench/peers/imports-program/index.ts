// The engine section's second baseline: a Pulumi program that imports the two SDKs the project
// imports and registers no resource. Every azuread program pays this much more than the empty one:
// @pulumi/azuread loads the whole of @pulumi/pulumi (its index, with the Automation API and the
// closure serializer, which loads the TypeScript compiler), which the language host's own start-up
// does not.
import "@pulumi/pulumi";
import "@pulumi/azuread";
