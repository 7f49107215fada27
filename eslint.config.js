import config from "@facet/eslint-config";

export default config;
