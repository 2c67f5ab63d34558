export { ProviderConnectionForm } from './ProviderConnectionForm';
export type { ProviderConnectionFormProps } from './ProviderConnectionForm';
