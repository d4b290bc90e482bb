import { InstallBaseTree } from '../installBase/installBaseTree';
export const probe = InstallBaseTree;
