import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

/** Where an API call can be made from: a node run, or a list search in the editor. */
export type ApiContext = IExecuteFunctions | ILoadOptionsFunctions;
