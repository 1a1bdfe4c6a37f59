/** The @pulumi/azuread version (package.json) whose resource shapes the substitute provider follows. */
export const SUBSTITUTE_FOR_VERSION = "6.9.1";
