// Written by wpconvert for its Eleventy preset.
export default function (eleventyConfig) {
  // Every converted post and page renders in the item layout; a file's own `layout` wins.
  eleventyConfig.addGlobalData("layout", "item.njk");
  eleventyConfig.ignores.add("node_modules/**");
  // Media brought along (--media-from, --download-media) are served as they are.
  eleventyConfig.addPassthroughCopy("media");
}

export const config = {
  dir: { input: ".", includes: "_includes", data: "_data", output: "_site" },
};
