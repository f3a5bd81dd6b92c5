// Written by wpconvert for its Astro preset: one collection per folder of src/content, each
// with the Astro blog starter's schema and the fields wpconvert adds.
import { defineCollection, z } from 'astro:content';
import { glob } from 'astro/loaders';

const collection = (folder: string) =>
  defineCollection({
    loader: glob({ base: `./src/content/${folder}`, pattern: '**/*.md' }),
    schema: ({ image }) =>
      z
        .object({
          title: z.string(),
          description: z.string(),
          pubDate: z.coerce.date(),
          updatedDate: z.coerce.date().optional(),
          heroImage: image().optional(),
          draft: z.boolean().optional(),
          oldPath: z.string().optional(),
          earlierPaths: z.array(z.string()).optional(),
          path: z.string().optional(),
          categories: z.array(z.string()).optional(),
          tags: z.array(z.string()).optional(),
          author: z.string().optional(),
          lang: z.string().optional(),
          wordpress_id: z.number().optional(),
        })
        .passthrough(),
  });

export const collections = {
__COLLECTIONS__};
